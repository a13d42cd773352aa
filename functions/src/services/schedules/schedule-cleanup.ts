import type { Query } from 'firebase-admin/firestore';
import { deleteInPages } from '../../data/batches.ts';
import { collections } from '../../data/collections.ts';
import { deleteJobNamed } from './jobs.ts';

/**
 * Deletes every schedule the user owns, each Cloud Scheduler job before its document (so a failure
 * leaves the document to find on the retry; a job already gone counts as deleted), and returns how
 * many there were. Safe to repeat.
 */
export function deleteSchedulesOfUser(uid: string): Promise<number> {
  return deleteSchedules(collections.schedules().where('ownerUid', '==', uid));
}

/** The same for every schedule about a device (when it is released). */
export function deleteSchedulesOfDevice(deviceId: string): Promise<number> {
  return deleteSchedules(collections.schedules().where('deviceId', '==', deviceId));
}

function deleteSchedules(query: Query): Promise<number> {
  return deleteInPages(query.select('jobName'), async (docs) => {
    for (const doc of docs) {
      const jobName: unknown = doc.get('jobName');
      if (typeof jobName === 'string' && jobName !== '') await deleteJobNamed(jobName);
    }
  });
}
