import { COLLECTIONS, InviteSchema } from '@gadget/shared';
import { db, schemaConverter } from '../../admin.ts';

/** `invites/{hash(code)}`, typed: shared by the invite flows and the revocations. */
export function invites() {
  return db().collection(COLLECTIONS.invites).withConverter(schemaConverter(InviteSchema));
}
