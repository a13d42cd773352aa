import type { Transaction } from 'firebase-admin/firestore';
import type { Role } from '@gadget/shared';
import { collections, documents } from '../../data/collections.ts';

/**
 * The device's serial, or undefined when the device has none on record. A device claimed before
 * the serial moved off the device document has no identity document until the nightly
 * `deviceSerials` task moves it; until then the registry entry that points at the device names it
 * (entries are keyed by serial). In `transaction` when given: the reads come before its writes.
 */
export async function readSerial(
  deviceId: string,
  transaction?: Transaction,
): Promise<string | undefined> {
  const ref = documents.deviceIdentity(deviceId);
  const identity = (await (transaction ? transaction.get(ref) : ref.get())).data();
  if (identity !== undefined) return identity.serial;
  const query = collections.deviceRegistry().where('deviceId', '==', deviceId).limit(1);
  return (await (transaction ? transaction.get(query) : query.get())).docs[0]?.id;
}

/** The serial as a member with `role` may see it: owners and admins do, viewers never. */
export async function serialFor(deviceId: string, role: Role): Promise<string | null> {
  if (role === 'viewer') return null;
  return (await readSerial(deviceId)) ?? null;
}
