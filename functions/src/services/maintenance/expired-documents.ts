import { Timestamp } from 'firebase-admin/firestore';
import type { QueryDocumentSnapshot } from 'firebase-admin/firestore';
import { COLLECTIONS } from '@gadget/shared';
import { db } from '../../admin.ts';
import { drainPages } from './paged-documents.ts';
import { untyped } from '../../data/untyped.ts';
import type { MaintenanceTask, TaskContext } from './task.ts';

/**
 * TTL deletes expired documents "typically within 24 hours" of `expireAt`; what is still there three
 * days later was missed, and goes here.
 */
export const TTL_GRACE_MS = 3 * 24 * 60 * 60 * 1000;

/** The collection groups with an `expireAt` TTL field, in the order they are cleaned. */
export const EXPIRING_GROUPS = [
  COLLECTIONS.hours,
  COLLECTIONS.alerts,
  COLLECTIONS.notifications,
  COLLECTIONS.invites,
  COLLECTIONS.processedEvents,
  COLLECTIONS.rateLimits,
] as const;

/**
 * Deletes documents expired for more than three days, one collection group after the other, a page
 * at a time (`expireAt <` cutoff, oldest first; a collection-group index on `expireAt` each). What a
 * page deletes no longer matches, so the cursor only names the group to resume with.
 */
export const expiredDocuments: MaintenanceTask = {
  name: 'expiredDocuments',
  run: async (context) => {
    const cutoff = Timestamp.fromMillis(context.now.getTime() - TTL_GRACE_MS);
    const resumeAt = context.cursor?.group;
    const start = Math.max(
      0,
      EXPIRING_GROUPS.findIndex((group) => group === resumeAt),
    );
    for (let index = start; index < EXPIRING_GROUPS.length; index++) {
      const group = EXPIRING_GROUPS[index] ?? '';
      const next = EXPIRING_GROUPS[index + 1];
      const done = await cleanGroup(context, group, cutoff, next);
      if (!done) return false;
    }
    return true;
  },
};

function cleanGroup(
  context: TaskContext,
  group: string,
  cutoff: Timestamp,
  nextGroup: string | undefined,
): Promise<boolean> {
  return drainPages(
    context,
    untyped
      .collectionGroup(group)
      .where('expireAt', '<', cutoff)
      .orderBy('expireAt')
      // The cursor field is needed for a dry run's startAfter.
      .select('expireAt'),
    async (docs) => {
      if (!context.dryRun) await deleteAll(docs);
      context.counts.deleted += docs.length;
    },
    {
      cursorAfter: (pageSize) =>
        pageSize < context.pageSize
          ? nextGroup === undefined
            ? null
            : { group: nextGroup }
          : { group },
      // A page deletes all it found, or fails.
      everyHandledGoes: true,
    },
  );
}

async function deleteAll(docs: readonly QueryDocumentSnapshot[]): Promise<void> {
  // No ramp-up throttle (it starts at 500 ops/s per writer, and every page has a new writer): the
  // job already has one page in flight at a time, a bound of its own on the load it puts on.
  const writer = db().bulkWriter({ throttling: false });
  // Settled results are awaited after close(), which sends the batches; a failure fails the page.
  const results = Promise.allSettled(docs.map((doc) => writer.delete(doc.ref)));
  await writer.close();
  const failed = (await results).find((result) => result.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
}
