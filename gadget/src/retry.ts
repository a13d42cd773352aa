import type { GadgetClock } from './clock.ts';
import { waitReal } from './clock.ts';

/** One attempt's verdict: done (well or not, nothing more to try), or worth trying again. */
export type Attempt<T> =
  | { readonly done: T }
  | { readonly retry: 'backoff' }
  /** The backend said when (`Retry-After`), in its own real milliseconds. */
  | { readonly retry: 'after'; readonly afterMs: number };

export const RETRY_WITH_BACKOFF = { retry: 'backoff' } as const;

/** Attempts per exchange: the first and four retries, 15 to 30 s of backoff in all (gadget time). */
export const MAX_ATTEMPTS = 5;
const FIRST_BACKOFF_MS = 2_000;
/** Spreads gadgets told the same `Retry-After`, so they do not all come back in the same second. */
const RETRY_AFTER_SPREAD_MS = 1_000;

export interface RetryContext {
  readonly clock: GadgetClock;
  readonly random: () => number;
  /** Ends the waiting (the gadget is stopping): the exchange gives up. */
  readonly signal?: AbortSignal | undefined;
}

/**
 * Runs `attempt` until it is done, at most MAX_ATTEMPTS times. Between attempts it waits with
 * exponential backoff and jitter (on gadget time), or as long as the backend said (real time: its
 * limit counts real seconds). Returns what the attempt was done with, or undefined when it gave up.
 */
export async function withRetries<T>(
  attempt: () => Promise<Attempt<T>>,
  { clock, random, signal }: RetryContext,
): Promise<T | undefined> {
  for (let attempted = 1; ; attempted++) {
    const verdict = await attempt();
    if ('done' in verdict) return verdict.done;
    if (attempted >= MAX_ATTEMPTS) return undefined;
    const waited =
      verdict.retry === 'after'
        ? await waitReal(verdict.afterMs + random() * RETRY_AFTER_SPREAD_MS, signal)
        : await clock.wait(backoffMs(attempted, random), signal);
    if (!waited) return undefined;
  }
}

/**
 * The wait after the `attempted`-th failure: the ceiling doubles each time (2 s, 4 s, 8 s, 16 s)
 * and the wait is somewhere in its upper half, so gadgets that failed together come back apart.
 */
export function backoffMs(attempted: number, random: () => number): number {
  const ceiling = FIRST_BACKOFF_MS * 2 ** (attempted - 1);
  return ceiling / 2 + (random() * ceiling) / 2;
}
