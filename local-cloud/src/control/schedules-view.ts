// The Schedules page's users' Cloud Scheduler jobs, with their owners.
import type { StoredJob } from '../scheduler/index.ts';

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
