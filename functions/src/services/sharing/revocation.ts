import type { DocumentReference, Transaction } from 'firebase-admin/firestore';
import type { RegistryEntry } from '@gadget/shared';
import { collections, db } from '../../admin.ts';
import { readSerial } from '../devices/device-identity.ts';
import {
  refreshAvatarDownloadTokens,
  refreshPhotoDownloadTokens,
} from '../platform/download-tokens.ts';
import { invites } from './invite-refs.ts';

/**
 * What a member's role let them mint dies with the role: the pending invites they created and a
 * device key they rotated. Removal, leaving and a transfer of ownership call these.
 */

export interface RegistryRead {
  readonly ref: DocumentReference<RegistryEntry> | undefined;
  readonly entry: RegistryEntry | undefined;
}

/** Reads the device's registry entry inside the membership transaction (reads come first). */
export async function readRegistry(
  transaction: Transaction,
  deviceId: string,
): Promise<RegistryRead> {
  const serial = await readSerial(deviceId, transaction);
  if (serial === undefined) return { ref: undefined, entry: undefined };
  const ref = collections.deviceRegistry().doc(serial);
  return { ref, entry: (await transaction.get(ref)).data() };
}

/** Clears the device key when `uid` rotated it; `uid` is losing owner/admin in this transaction. */
export function revokeDeviceKeyOf(
  transaction: Transaction,
  deviceId: string,
  registry: RegistryRead,
  uid: string,
): boolean {
  const { ref, entry } = registry;
  if (ref === undefined || entry?.deviceId !== deviceId || entry.deviceKeyRotatedBy !== uid)
    return false;
  if (entry.deviceKeyHash === null) return false;
  transaction.update(ref, { deviceKeyHash: null, deviceKeyRotatedBy: null });
  return true;
}

/**
 * Deletes the unused invites `uid` created for the device. After the membership change has
 * committed: `acceptInvite` re-checks the creator's role anyway, so one accepted in between is
 * refused, and this only tidies up. Idempotent.
 */
/**
 * After a member has gone: their invites, every saved photo URL of the device, and the saved
 * avatar URLs of `hiddenAvatars` (users someone no longer shares a device with).
 */
export async function revokeAfterRemoval(
  deviceId: string,
  uid: string,
  hiddenAvatars: Iterable<string> = [],
): Promise<void> {
  await deleteInvitesCreatedBy(deviceId, uid);
  await refreshPhotoDownloadTokens(deviceId);
  await refreshAvatarDownloadTokens(hiddenAvatars);
}

export async function deleteInvitesCreatedBy(deviceId: string, uid: string): Promise<number> {
  const pending = await invites()
    .where('deviceId', '==', deviceId)
    .where('createdBy', '==', uid)
    .where('usedBy', '==', null)
    .get();
  if (pending.empty) return 0;
  const writer = db().bulkWriter();
  for (const doc of pending.docs) void writer.delete(doc.ref);
  await writer.close();
  return pending.size;
}
