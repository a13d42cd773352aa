import type { Query } from 'firebase-admin/firestore';
import { COLLECTIONS } from '@gadget/shared';
import { db } from '../../admin.ts';
import { deleteJobNamed } from './jobs.ts';

/** Firestore's limit of writes in one batch. */
const BATCH_SIZE = 500;

/**
 * Deletes every schedule the user owns, each Cloud Scheduler job before its document (so a failure
 * leaves the document to find on the retry; a job already gone counts as deleted), and returns how
 * many there were. Safe to repeat.
 */
export function deleteSchedulesOfUser(uid: string): Promise<number> {
  return deleteSchedules(db().collection(COLLECTIONS.schedules).where('ownerUid', '==', uid));
}

/** The same for every schedule about a device (when it is released). */
export function deleteSchedulesOfDevice(deviceId: string): Promise<number> {
  return deleteSchedules(db().collection(COLLECTIONS.schedules).where('deviceId', '==', deviceId));
}

async function deleteSchedules(query: Query): Promise<number> {
  let deleted = 0;
  for (;;) {
    const page = await query.limit(BATCH_SIZE).get();
    if (page.empty) return deleted;
    for (const doc of page.docs) {
      const jobName: unknown = doc.get('jobName');
      if (typeof jobName === 'string' && jobName !== '') await deleteJobNamed(jobName);
    }
    const batch = db().batch();
    for (const doc of page.docs) batch.delete(doc.ref);
    await batch.commit();
    deleted += page.size;
  }
}
