import type { DocumentReference, Transaction } from 'firebase-admin/firestore';
import { COLLECTIONS, storagePrefixes } from '@gadget/shared';
import type { Device, RegistryEntry } from '@gadget/shared';
import { collections, db } from '../admin.ts';
import * as logs from '../logs.ts';
import { leaveDevice, readCoMembers } from './co-members.ts';
import { requireRole } from './device-access.ts';
import { refreshAvatarDownloadTokens } from './download-tokens.ts';
import { deleteSchedulesOfDevice } from './schedule-cleanup.ts';
import { deleteObjectsUnder } from './storage-bucket.ts';

export type ReleaseReason = 'owner-released' | 'owner-deleted';

const NOTIFICATION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Unpairs a device and deletes everything that belongs to it. Idempotent and resumable: every step
 * is safe to repeat, so after a partial failure (or on a device already gone) calling it again
 * finishes the job.
 *
 * 1. One transaction: the members other than the owner lose access and get an inbox entry, no two
 *    members count this device as shared any more (their avatars stay visible to each other only
 *    through another device they still share), and the registry entry is freed, so the printed
 *    claim code works again (a new claim gets a new device id, so nothing of this device can leak
 *    to it).
 * 2. Fresh download tokens for the avatars of members who no longer share any device, then the
 *    storage objects under the device's image and upload prefixes.
 * 3. `recursiveDelete` of the device document: every subcollection (hours, days, alerts,
 *    photos, and any added later) in pages through a BulkWriter, then the document itself.
 */
export async function releaseDevice(
  deviceId: string,
  reason: ReleaseReason,
  now: Date = new Date(),
  byOwner?: string,
): Promise<void> {
  const { notified, hiddenAvatars } = await detachDevice(deviceId, reason, now, byOwner);
  await refreshAvatarDownloadTokens(hiddenAvatars);
  await deleteDeviceFiles(deviceId);
  // Reminders about the device (anyone's) go with it, their Cloud Scheduler jobs first.
  await deleteSchedulesOfDevice(deviceId);
  await db().recursiveDelete(db().collection(COLLECTIONS.devices).doc(deviceId));
  logs.deviceReleased({ deviceId, reason, notified });
}

/**
 * `byOwner`: the caller who asked; they must still own the device when it is detached, in this
 * transaction, so a transfer of ownership that commits first wins over a release checked earlier.
 */
async function detachDevice(
  deviceId: string,
  reason: ReleaseReason,
  now: Date,
  byOwner: string | undefined,
): Promise<{ notified: number; hiddenAvatars: Set<string> }> {
  const deviceRef = collections.devices().doc(deviceId);
  return db().runTransaction(async (transaction) => {
    const device = (await transaction.get(deviceRef)).data();
    if (device !== undefined && byOwner !== undefined) requireRole(device, byOwner, ['owner']);
    const registryRef = await findRegistryEntry(transaction, deviceId, device);
    // Reads first, writes after: Firestore transactions require it.
    const entry =
      registryRef === undefined ? undefined : (await transaction.get(registryRef)).data();
    const memberUids = device === undefined ? [] : Object.keys(device.members);
    const coMembers = await readCoMembers(transaction, memberUids, memberUids);
    if (registryRef !== undefined && entry?.deviceId === deviceId) {
      transaction.update(registryRef, {
        claimedBy: null,
        deviceId: null,
        deviceKeyHash: null,
        failedAttempts: 0,
        lockedUntil: null,
      });
    }
    if (device === undefined) return { notified: 0, hiddenAvatars: new Set<string>() };
    const hiddenAvatars = leaveDevice(transaction, coMembers, deviceId);
    const others = Object.keys(device.members).filter((uid) => uid !== device.ownerUid);
    for (const uid of others) notifyReleased(transaction, uid, deviceId, device, reason, now);
    if (others.length > 0) {
      transaction.update(
        deviceRef,
        'members',
        { [device.ownerUid]: 'owner' },
        'memberUids',
        [device.ownerUid],
        'memberSince',
        pick(device.memberSince, device.ownerUid),
      );
    }
    return { notified: others.length, hiddenAvatars };
  });
}

/** The entry pointing at this device: by serial when the device is there, else by query. */
async function findRegistryEntry(
  transaction: Transaction,
  deviceId: string,
  device: Device | undefined,
): Promise<DocumentReference<RegistryEntry> | undefined> {
  if (device !== undefined) return collections.deviceRegistry().doc(device.serial);
  const query = collections.deviceRegistry().where('deviceId', '==', deviceId).limit(1);
  return (await transaction.get(query)).docs[0]?.ref;
}

/** A deterministic id, so a repeated release never leaves a member two entries. */
function notifyReleased(
  transaction: Transaction,
  uid: string,
  deviceId: string,
  device: Device,
  reason: ReleaseReason,
  now: Date,
): void {
  const ref = db()
    .collection(COLLECTIONS.users)
    .doc(uid)
    .collection(COLLECTIONS.notifications)
    .doc(`device-released-${deviceId}`);
  transaction.set(ref, {
    kind: 'device-released',
    deviceId,
    deviceName: device.name,
    reason,
    createdAt: now,
    readAt: null,
    expireAt: new Date(now.getTime() + NOTIFICATION_TTL_MS),
  });
}

async function deleteDeviceFiles(deviceId: string): Promise<void> {
  await Promise.all(
    [storagePrefixes.deviceImages(deviceId), storagePrefixes.deviceUploads(deviceId)].map(
      deleteObjectsUnder,
    ),
  );
}

function pick<T>(record: Record<string, T>, key: string): Record<string, T> {
  const value = record[key];
  return value === undefined ? {} : { [key]: value };
}
