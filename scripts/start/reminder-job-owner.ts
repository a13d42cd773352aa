// Whose a Cloud Scheduler job is, for the console's Schedules page: a reminder's job posts
// `{scheduleId}` (functions/src/services/schedules/job.ts), and `schedules/{scheduleId}` names its
// owner. local-cloud knows neither; `npm start` passes this as its `schedulerJobOwner`.
import { initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import type { Firestore } from 'firebase-admin/firestore';
import { COLLECTIONS } from '@gadget/shared';
import type { JobOwnerOf } from '@gadget/local-cloud';

/** The owner of each job whose body names a schedule, read with admin rights from `firestore`. */
export function reminderJobOwner(firestore: () => Firestore): JobOwnerOf {
  return async (job) => {
    const scheduleId = scheduleIdOf(job.body);
    if (scheduleId === undefined) return undefined;
    const schedule = await firestore().collection(COLLECTIONS.schedules).doc(scheduleId).get();
    const owner: unknown = schedule.get('ownerUid');
    return typeof owner === 'string' ? owner : undefined;
  };
}

function scheduleIdOf(body: string | null): string | undefined {
  if (body === null) return undefined;
  try {
    const parsed = JSON.parse(body) as { scheduleId?: unknown };
    return typeof parsed.scheduleId === 'string' && parsed.scheduleId !== ''
      ? parsed.scheduleId
      : undefined;
  } catch {
    return undefined;
  }
}

/** One admin Firestore client on local-cloud's Firestore, made when first asked for. */
export function lazyAdminFirestore(projectId: string, address: () => string): () => Firestore {
  let firestore: Firestore | undefined;
  return () => {
    if (firestore === undefined) {
      process.env.METADATA_SERVER_DETECTION ??= 'none';
      firestore = getFirestore(initializeApp({ projectId }, 'schedule-owners'));
      firestore.settings({ host: address(), ssl: false });
    }
    return firestore;
  };
}
