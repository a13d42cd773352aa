import { Cron } from 'croner';

/**
 * Runs scheduled functions by their schedule in the dev server, as Cloud Scheduler would. Accepts
 * both forms firebase-functions allows: unix cron (`0 3 * * *`, in the function's time zone) and
 * App Engine's `every N minutes|hours`.
 */
export interface ScheduledJob {
  readonly name: string;
  readonly schedule: string;
  readonly timeZone: string;
}

export function startScheduleClock(
  jobs: readonly ScheduledJob[],
  run: (name: string, scheduleTime: Date) => void,
): { stop(): void; describe(): string[] } {
  const stops: (() => void)[] = [];
  const descriptions: string[] = [];
  for (const job of jobs) {
    const every = /^every ([1-9]\d*) (minute|minutes|hour|hours)$/i.exec(job.schedule.trim());
    if (every) {
      const unitMs = every[2]?.toLowerCase().startsWith('hour') ? 3_600_000 : 60_000;
      const intervalMs = Number(every[1]) * unitMs;
      const timer = setInterval(() => {
        run(job.name, new Date());
      }, intervalMs);
      timer.unref();
      stops.push(() => {
        clearInterval(timer);
      });
      descriptions.push(`${job.name}: ${job.schedule}`);
      continue;
    }
    const cron = new Cron(job.schedule, { timezone: job.timeZone, unref: true }, () => {
      run(job.name, new Date());
    });
    stops.push(() => {
      cron.stop();
    });
    descriptions.push(
      `${job.name}: ${job.schedule} (${job.timeZone}), next ${cron.nextRun()?.toISOString() ?? 'never'}`,
    );
  }
  return {
    stop: () => {
      for (const stop of stops) stop();
    },
    describe: () => descriptions,
  };
}
