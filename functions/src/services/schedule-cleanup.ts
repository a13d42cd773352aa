import { COLLECTIONS } from '@gadget/shared';
import { db } from '../admin.ts';

/** Firestore's limit of writes in one batch. */
const BATCH_SIZE = 500;

/**
 * Deletes every schedule the user owns and returns how many there were. Safe to repeat.
 *
 * Each schedule also has a Cloud Scheduler job (`jobName` on the document). Deleting that job belongs
 * here, before its document goes (so a failure leaves the document to find on the retry), once the
 * schedules service that creates the jobs exists: call its job deletion for `doc.get('jobName')`,
 * treating NOT_FOUND as done.
 */
export async function deleteSchedulesOfUser(uid: string): Promise<number> {
  const query = db().collection(COLLECTIONS.schedules).where('ownerUid', '==', uid);
  let deleted = 0;
  for (;;) {
    const page = await query.limit(BATCH_SIZE).get();
    if (page.empty) return deleted;
    // The Cloud Scheduler jobs of page.docs are deleted here (see above).
    const batch = db().batch();
    for (const doc of page.docs) batch.delete(doc.ref);
    await batch.commit();
    deleted += page.size;
  }
}
