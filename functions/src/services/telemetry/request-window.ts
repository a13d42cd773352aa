import type { RequestWindow } from '@gadget/shared';
import { resourceExhausted } from '../../errors.ts';

/** A per-device limit (`ingest`'s, `submitReadings`'): requests per window. */
export interface RequestLimit {
  readonly perMinute: number;
}

const WINDOW_MS = 60_000;

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
    throw resourceExhausted(message, {
      retryAfterSeconds: Math.max(1, Math.ceil((WINDOW_MS - elapsed) / 1000)),
    });
  }
  return { start: window.start, count: window.count + 1 };
}
