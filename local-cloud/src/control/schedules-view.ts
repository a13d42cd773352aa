// The Schedules page's data: each scheduled function's next run and the users' Cloud Scheduler jobs.
import { Cron } from 'croner';
import type { StoredJob } from '../scheduler/index.ts';

export interface ScheduledFunctionView {
  readonly name: string;
  readonly schedule: string;
  readonly timeZone: string;
  /** ISO time, or null when the schedule never fires again or cannot be read. */
  readonly nextRun: string | null;
}

/**
 * When `schedule` fires next after `now`. App Engine's `every N minutes` counts from `since`, when
 * the schedule clock started, so that answer is as exact as the clock's own start.
 */
export function nextRun(schedule: string, timeZone: string, now: Date, since: Date): string | null {
  const every = /^every ([1-9]\d*) (minute|minutes|hour|hours)$/i.exec(schedule.trim());
  if (every) {
    const unitMs = every[2]?.toLowerCase().startsWith('hour') ? 3_600_000 : 60_000;
    const intervalMs = Number(every[1]) * unitMs;
    const elapsed = Math.max(now.getTime() - since.getTime(), 0);
    return new Date(
      since.getTime() + (Math.floor(elapsed / intervalMs) + 1) * intervalMs,
    ).toISOString();
  }
  try {
    return (
      new Cron(schedule, { timezone: timeZone, paused: true }).nextRun(now)?.toISOString() ?? null
    );
  } catch {
    return null;
  }
}

export interface SchedulerJobView {
  readonly name: string;
  readonly description: string | null;
  readonly schedule: string;
  readonly timeZone: string;
  readonly paused: boolean;
  readonly target: string | null;
  /** The body the job posts, as text: what tells whose job it is. */
  readonly body: string | null;
  readonly lastAttemptTime: string | null;
}

/** Who a job belongs to: the uid the embedding program named, and that Auth user if there is one. */
export interface JobOwnerView {
  readonly uid: string;
  /** False when Auth has no such user (a deleted account's job). */
  readonly exists: boolean;
  readonly displayName: string | null;
  readonly email: string | null;
}

/** What the embedding program says about whose job it is: a uid, or undefined for nobody's. */
export type JobOwnerOf = (job: SchedulerJobView) => Promise<string | undefined>;

/** The job's view with its owner resolved to an Auth user (null when the program names none). */
export async function ownedJobView(
  job: StoredJob,
  ownerOf: JobOwnerOf | undefined,
  describeUser: (uid: string) => { displayName: string | null; email: string | null } | undefined,
): Promise<SchedulerJobView & { readonly owner: JobOwnerView | null }> {
  const view = jobView(job);
  const uid = ownerOf === undefined ? undefined : await ownerOf(view);
  if (uid === undefined) return { ...view, owner: null };
  const user = describeUser(uid);
  return {
    ...view,
    owner: {
      uid,
      exists: user !== undefined,
      displayName: user?.displayName ?? null,
      email: user?.email ?? null,
    },
  };
}

export function jobView(job: StoredJob): SchedulerJobView {
  const seconds = job.lastAttemptTime?.seconds;
  return {
    name: job.name,
    description: job.description ?? null,
    schedule: job.schedule,
    timeZone: job.timeZone,
    paused: job.state === 'PAUSED',
    target: job.httpTarget?.uri ?? null,
    body: job.httpTarget?.body === undefined ? null : Buffer.from(job.httpTarget.body).toString(),
    lastAttemptTime: seconds === undefined ? null : new Date(Number(seconds) * 1000).toISOString(),
  };
}
