import type { DocumentReference } from 'firebase-admin/firestore';
import { AccountDeletionSchema, COLLECTIONS } from '@gadget/shared';
import type { AccountDeletion } from '@gadget/shared';
import { db, schemaConverter } from '../../admin.ts';

/**
 * `accountDeletions/{uid}`: the cascade's progress and, once written, the tombstone that keeps a
 * deleted profile from being recreated. Kept this long after the cascade finishes, well past the
 * last retry of any sign-up event (Eventarc gives up after days), then removed by a TTL policy.
 */
export const TOMBSTONE_DAYS = 30;

export function accountDeletionRef(uid: string): DocumentReference<AccountDeletion> {
  return db()
    .collection(COLLECTIONS.accountDeletions)
    .doc(uid)
    .withConverter(schemaConverter(AccountDeletionSchema));
}
