import { jobNameOf, scheduleIdOfJob } from './client.ts';
import { createJob, deleteJobNamed, getJob, listJobNames } from './jobs.ts';
import { collections } from '../../data/collections.ts';

/** A schedule this young may still be in `createSchedule`, which creates its job next. */
const CREATION_GRACE_MS = 10 * 60_000;
const PAGE_SIZE = 200;

export interface ReconcileOutcome {
  /** Schedules whose job was missing and was (or, in a dry run, would be) created again. */
  readonly recreated: number;
  /** Jobs of ours whose schedule no longer exists, deleted (or to be deleted). */
  readonly deleted: number;
}

/**
 * Brings Cloud Scheduler in line with the `schedules` documents: a schedule without a job gets it
 * back (with its paused state), a `gadget-schedule-*` job without a schedule is deleted. Other
 * jobs in the location are not ours and are left alone. Safe to repeat.
 */
export async function reconcileSchedules(
  now: Date,
  options: { dryRun: boolean },
): Promise<ReconcileOutcome> {
  // Jobs are listed before the documents are read: a schedule created meanwhile has its document
  // before its job, so no job listed here can belong to a document the loop below misses.
  const jobNames = await listJobNames();
  const known = new Set<string>();
  let recreated = 0;
  let cursor: string | undefined;
  for (;;) {
    let query = collections.schedules().orderBy('__name__').limit(PAGE_SIZE);
    if (cursor !== undefined) query = query.startAfter(cursor);
    const page = await query.get();
    for (const doc of page.docs) {
      known.add(jobNameOf(doc.id));
      const schedule = doc.data();
      if (now.getTime() - schedule.createdAt.getTime() < CREATION_GRACE_MS) continue;
      if ((await getJob(doc.id)) !== null) continue;
      recreated += 1;
      if (!options.dryRun) {
        await createJob({
          scheduleId: doc.id,
          cron: schedule.cron,
          timeZone: schedule.timeZone,
          paused: schedule.paused,
        });
      }
    }
    if (page.size < PAGE_SIZE) break;
    cursor = page.docs[page.docs.length - 1]?.id;
  }

  let deleted = 0;
  for (const name of jobNames) {
    if (scheduleIdOfJob(name) === null || known.has(name)) continue;
    deleted += 1;
    if (!options.dryRun) await deleteJobNamed(name);
  }
  return { recreated, deleted };
}
