import type { RequestWindow } from '@gadget/shared';
import { DomainError } from '../../errors.ts';

/** A per-device limit (`ingest`'s, `submitReadings`'): requests per window. */
export interface RequestLimit {
  readonly perMinute: number;
}

const WINDOW_MS = 60_000;

/** `resource-exhausted` for a full window, with when it ends (`retryAfterSeconds` in details). */
export class WindowFullError extends DomainError {
  readonly until: Date;

  constructor(message: string, until: Date, now: Date) {
    super('resource-exhausted', message, {
      retryAfterSeconds: Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000)),
    });
    this.until = until;
  }
}

/**
 * The device's next window (`ingestWindow` or `submitWindow`), counting this request, or `resource-exhausted` (with
 * `retryAfterSeconds`) when the window is full. A fixed window on the device document: the request
 * reads and writes the device anyway, and its transaction serialises parallel requests, so they
 * pass exactly the limit.
 */
export function countRequest(
  window: RequestWindow | undefined,
  limit: RequestLimit,
  now: Date,
  message = 'Too many requests for this device. Try again in a minute.',
): RequestWindow {
  const elapsed = window === undefined ? Infinity : now.getTime() - window.start.getTime();
  if (window === undefined || elapsed >= WINDOW_MS || elapsed < 0) return { start: now, count: 1 };
  if (window.count >= limit.perMinute) {
    throw new WindowFullError(message, new Date(window.start.getTime() + WINDOW_MS), now);
  }
  return { start: window.start, count: window.count + 1 };
}
