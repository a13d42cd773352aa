import { READING_MAX_FUTURE_MS } from '@gadget/shared';

/**
 * The gadget's sense of time. Its timers (sampling, the next call, backoff) run on simulated time,
 * `speed` times faster than real time, so a fleet can live an hour in a minute; the timestamps of
 * its readings stay real time plus its clock's skew, since the backend checks them against its own.
 */
export class GadgetClock {
  readonly #speed: number;
  readonly #skewMs: number;

  constructor(speed = 1, skewMs = 0) {
    if (!Number.isFinite(speed) || speed <= 0) {
      throw new RangeError(`speed must be a positive number, not ${String(speed)}`);
    }
    // A clock further ahead than ingest allows would have every reading refused; one behind is
    // only wrong (a week of backlog is accepted).
    if (!Number.isFinite(skewMs) || skewMs >= READING_MAX_FUTURE_MS) {
      throw new RangeError(
        `clockSkewMs must be less than ${String(READING_MAX_FUTURE_MS)} ms ahead, not ${String(skewMs)}`,
      );
    }
    this.#speed = speed;
    this.#skewMs = skewMs;
  }

  /** The time on the gadget's clock: what its readings are stamped with. */
  now(): Date {
    return new Date(Date.now() + this.#skewMs);
  }

  /** Waits `gadgetMs` of simulated time; false when `signal` ended the wait first. */
  wait(gadgetMs: number, signal?: AbortSignal): Promise<boolean> {
    return waitReal(gadgetMs / this.#speed, signal);
  }
}

/**
 * Waits `ms` of real time (what the backend's `Retry-After` counts in); false when `signal` ended
 * the wait first. Plain timers, so tests can fake them.
 */
export function waitReal(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted === true) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve(true);
      },
      Math.max(0, ms),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
