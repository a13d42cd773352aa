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
}

/**
 * The gadget's life until `signal`: two independent timers, as on the hardware, so a slow call
 * (retries, backoff) never delays a sample. It samples at once and then every minute, and calls at
 * once (so it hears of settings and commands on boot) and then as the last answer said.
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
      if (!(await clock.wait(target.nextCallSeconds() * 1000, signal))) return;
    }
  };
  await Promise.all([sampling(), calling()]);
}
