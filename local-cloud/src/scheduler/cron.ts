import { Cron } from 'croner';

/**
 * A schedule as Cloud Scheduler reads it: unix cron (`0 3 * * *`, in the time zone given) or App
 * Engine's `every N minutes|hours`, which counts from `since` (when the schedule was set up).
 */
export interface ParsedSchedule {
  readonly kind: 'cron' | 'interval';
  /** When it fires next after `after`; undefined when never again. */
  next(after: Date): Date | undefined;
}

const EVERY = /^every ([1-9]\d*) (minute|minutes|hour|hours)$/i;

/** Reads a schedule; throws when it is neither form, or the time zone is unknown. */
export function parseSchedule(schedule: string, timeZone: string, since: Date): ParsedSchedule {
  const every = EVERY.exec(schedule.trim());
  if (every) {
    const unitMs = every[2]?.toLowerCase().startsWith('hour') ? 3_600_000 : 60_000;
    const intervalMs = Number(every[1]) * unitMs;
    const start = since.getTime();
    return {
      kind: 'interval',
      next: (after) => {
        const elapsed = Math.max(after.getTime() - start, 0);
        return new Date(start + (Math.floor(elapsed / intervalMs) + 1) * intervalMs);
      },
    };
  }
  const cron = new Cron(schedule, { paused: true, timezone: timeZone || 'UTC' });
  // The time zone is checked only when a time is computed: compute one now, so a bad one throws here.
  cron.nextRun(since);
  return { kind: 'cron', next: (after) => cron.nextRun(after) ?? undefined };
}
