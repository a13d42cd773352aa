import type { DocumentReference, Transaction } from 'firebase-admin/firestore';
import { COLLECTIONS, DEVICE_IDENTITY_DOC, DeviceIdentitySchema } from '@gadget/shared';
import type { DeviceIdentity, Role } from '@gadget/shared';
import { collections, db, schemaConverter } from '../../admin.ts';

/**
 * `devices/{deviceId}/private/identity`: the serial, which viewers must not read and so cannot sit
 * on the device document (rules grant or refuse a whole document).
 */
export function identityRef(deviceId: string): DocumentReference<DeviceIdentity> {
  return db()
    .collection(COLLECTIONS.devices)
    .doc(deviceId)
    .collection(COLLECTIONS.private)
    .doc(DEVICE_IDENTITY_DOC)
    .withConverter(schemaConverter(DeviceIdentitySchema));
}

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
  const ref = identityRef(deviceId);
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
