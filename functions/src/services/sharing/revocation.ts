import type { DocumentReference, Transaction } from 'firebase-admin/firestore';
import type { DeviceKey, RegistryEntry } from '@gadget/shared';
import { db } from '../../admin.ts';
import { readSerial } from '../devices/device-identity.ts';
import {
  refreshAvatarDownloadTokens,
  refreshPhotoDownloadTokens,
} from '../images/download-tokens.ts';
import { collections, documents } from '../../data/collections.ts';

/**
 * What a member's role let them mint dies with the role: the pending invites they created and a
 * device key they rotated. Removal, leaving and a transfer of ownership call these.
 */

export interface RegistryRead {
  readonly ref: DocumentReference<RegistryEntry> | undefined;
  readonly entry: RegistryEntry | undefined;
  /** The device's key document, where its current key lives. */
  readonly key: DeviceKey | undefined;
}

/**
 * Reads the device's key document and registry entry inside the membership transaction (reads
 * come first).
 */
export async function readRegistry(
  transaction: Transaction,
  deviceId: string,
): Promise<RegistryRead> {
  const key = (await transaction.get(documents.deviceKey(deviceId))).data();
  const serial = await readSerial(deviceId, transaction);
  if (serial === undefined) return { ref: undefined, entry: undefined, key };
  const ref = collections.deviceRegistry().doc(serial);
  return { ref, entry: (await transaction.get(ref)).data(), key };
}

/**
 * Clears the device key when `uid` rotated it; `uid` is losing owner/admin in this transaction.
 * The key document goes, and a key still in the registry entry (rotated before key documents) is
 * cleared there.
 */
export function revokeDeviceKeyOf(
  transaction: Transaction,
  deviceId: string,
  registry: RegistryRead,
  uid: string,
): boolean {
  let revoked = false;
  if (registry.key?.rotatedBy === uid) {
    transaction.delete(documents.deviceKey(deviceId));
    revoked = true;
  }
  const { ref, entry } = registry;
  if (
    ref !== undefined &&
    entry?.deviceId === deviceId &&
    entry.deviceKeyRotatedBy === uid &&
    entry.deviceKeyHash !== null
  ) {
    transaction.update(ref, { deviceKeyHash: null, deviceKeyRotatedBy: null });
    revoked = true;
  }
  return revoked;
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
  const pending = await collections
    .invites()
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
