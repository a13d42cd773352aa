import { setTimeout as sleep } from 'node:timers/promises';

/** Attempts per page: a page fails on a transient error (contention, a deadline, unavailable). */
const ATTEMPTS = 3;
const BASE_DELAY_MS = 200;

/** Runs `fn`, retrying it with jittered exponential backoff; the last failure is thrown. */
export async function withRetries<T>(fn: () => Promise<T>, attempts = ATTEMPTS): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= attempts) throw error;
      await sleep(BASE_DELAY_MS * 2 ** (attempt - 1) * (0.5 + Math.random()));
    }
  }
}
