import { parseSchedule } from './cron.ts';
import type { ParsedSchedule } from './cron.ts';

/** A scheduled function (onSchedule) as its endpoint declares it. */
export interface ScheduledFunction {
  readonly name: string;
  readonly schedule: string;
  readonly timeZone: string;
}

/** Runs a scheduled function once for `scheduleTime`; the caller reports its failures. */
export type ScheduledRun = (name: string, scheduleTime: Date) => Promise<void>;

export interface FunctionScheduleView extends ScheduledFunction {
  /** When the scheduler fires it next; undefined when never again. */
  readonly nextRun: Date | undefined;
}

interface Entry {
  readonly fn: ScheduledFunction;
  readonly parsed: ParsedSchedule;
  due: Date | undefined;
}

/**
 * The Cloud Scheduler jobs Firebase creates for scheduled functions: each fires its function when
 * due, once for the time it was due (missed runs are not made up), like the users' jobs. They are
 * not listed with those jobs, which belong to the program.
 */
export class FunctionSchedules {
  private entries: Entry[] = [];
  private run: ScheduledRun = () => Promise.resolve();

  /** Replaces the schedules; throws, keeping the previous ones, when one cannot be read. */
  set(functions: readonly ScheduledFunction[], run: ScheduledRun, now: Date): void {
    const entries = functions.map((fn) => {
      const parsed = parseSchedule(fn.schedule, fn.timeZone, now);
      return { fn, parsed, due: parsed.next(now) };
    });
    this.entries = entries;
    this.run = run;
  }

  /** Fires every function due at `now` and moves each to its next run; resolves once all ran. */
  async fireDue(now: Date): Promise<void> {
    const runs: Promise<void>[] = [];
    for (const entry of this.entries) {
      if (entry.due === undefined || entry.due.getTime() > now.getTime()) continue;
      const scheduleTime = entry.due;
      entry.due = entry.parsed.next(now);
      runs.push(this.run(entry.fn.name, scheduleTime));
    }
    await Promise.all(runs);
  }

  view(now: Date): FunctionScheduleView[] {
    return this.entries.map(({ fn, parsed }) => ({ ...fn, nextRun: parsed.next(now) }));
  }

  /** One line per function, for a start-up banner. */
  describe(now: Date): string[] {
    return this.entries.map(({ fn, parsed }) =>
      parsed.kind === 'interval'
        ? `${fn.name}: ${fn.schedule}`
        : `${fn.name}: ${fn.schedule} (${fn.timeZone}), next ${parsed.next(now)?.toISOString() ?? 'never'}`,
    );
  }
}
