import { Cron } from 'croner';

/** When a cron expression next fires after `after` in `timeZone`, or null if never. */
export function nextRunOf(cron: string, timeZone: string, after: Date): Date | null {
  return new Cron(cron, { paused: true, timezone: timeZone }).nextRun(after);
}
