import type { CollectionReference } from 'firebase-admin/firestore';
import { COLLECTIONS, ScheduleSchema } from '@gadget/shared';
import type { Schedule } from '@gadget/shared';
import { db, schemaConverter } from '../../admin.ts';

/** `schedules`, read through the shared schema. */
export function schedulesCollection(): CollectionReference<Schedule> {
  return db().collection(COLLECTIONS.schedules).withConverter(schemaConverter(ScheduleSchema));
}
