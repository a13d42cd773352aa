import type { GadgetClock } from './clock.ts';

/** A gadget samples every minute of its own time, whatever its report interval. */
export const SAMPLE_EVERY_MS = 60_000;

/** What the loop drives. */
export interface LoopTarget {
  sample(): void;
  /** One exchange, retried inside; resolves however it ended. */
  call(): Promise<unknown>;
  /** When to call again, after a call: the backend's `nextPollSeconds` or the report interval. */
  nextCallSeconds(): number;
  /**
   * Resolves when the target wants to call before then (a firmware update has a step to report,
   * or it restarted), or when `signal` ends the wait.
   */
  woken?(signal: AbortSignal): Promise<void>;
}

/**
 * The gadget's life until `signal`: two independent timers, as on the hardware, so a slow call
 * (retries, backoff) never delays a sample. It samples at once and then every minute, and calls at
 * once (so it hears of settings and commands on boot) and then as the last answer said, or sooner
 * when the target has news (a firmware update's step, a restart).
 */
export async function runLoop(
  target: LoopTarget,
  clock: GadgetClock,
  signal: AbortSignal,
): Promise<void> {
  const sampling = async () => {
    while (!signal.aborted) {
      target.sample();
      if (!(await clock.wait(SAMPLE_EVERY_MS, signal))) return;
    }
  };
  const calling = async () => {
    while (!signal.aborted) {
      await target.call();
      await untilNextCall(target, clock, signal);
    }
  };
  await Promise.all([sampling(), calling()]);
}

/** Waits until the next call is due, or the target wants one sooner, or `signal` stops the loop. */
async function untilNextCall(
  target: LoopTarget,
  clock: GadgetClock,
  signal: AbortSignal,
): Promise<void> {
  const done = new AbortController();
  const waiting = AbortSignal.any([signal, done.signal]);
  const due = clock.wait(target.nextCallSeconds() * 1000, waiting);
  await (target.woken === undefined ? due : Promise.race([due, target.woken(waiting)]));
  done.abort();
}
