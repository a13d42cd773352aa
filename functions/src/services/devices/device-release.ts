import type { DocumentReference, Transaction } from 'firebase-admin/firestore';
import { storagePrefixes } from '@gadget/shared';
import type { RegistryEntry } from '@gadget/shared';
import { db } from '../../admin.ts';
import * as logs from '../../logs.ts';
import { leaveDevice, readCoMembers } from '../sharing/co-members.ts';
import { requireRole } from './device-access.ts';
import { readSerial } from './device-identity.ts';
import { refreshAvatarDownloadTokens } from '../images/download-tokens.ts';
import { fanOutContext } from '../notifications/fan-out.ts';
import { PushQuotaExceededError } from '../notifications/delivery.ts';
import { notifyUsers } from '../notifications/fan-out.ts';
import { deleteSchedulesOfDevice } from '../schedules/schedule-cleanup.ts';
import { deleteObjectsUnder } from '../../storage-bucket.ts';
import { collections } from '../../data/collections.ts';
import { RELEASE_NOTICE_FIELD } from './release-notice.ts';

export type ReleaseReason = 'owner-released' | 'owner-deleted';

/** Who is told of a release, and the name the notice speaks of. */
interface ReleaseNotice {
  readonly uids: readonly string[];
  readonly deviceName: string;
}

/**
 * Unpairs a device and deletes everything that belongs to it. Idempotent and resumable: every step
 * is safe to repeat, so after a partial failure (or on a device already gone) calling it again
 * finishes the job.
 *
 * 1. One transaction: the members other than the owner lose access (and are noted on the device as
 *    the ones to tell), no two members count this device as shared any more (their avatars stay
 *    visible to each other only through another device they still share), and the registry entry
 *    is freed, so the printed claim code works again (a new claim gets a new device id, so nothing
 *    of this device can leak to it).
 * 2. Those members are told through the notification service, in their language, inbox and push;
 *    the notice's id is deterministic, so a repeated step tells nobody twice.
 * 3. Fresh download tokens for the avatars of members who no longer share any device, then the
 *    storage objects under the device's image and upload prefixes.
 * 4. `recursiveDelete` of the device document: every subcollection (hours, days, alerts,
 *    photos, the private identity, and any added later) in pages through a BulkWriter, then the
 *    document itself.
 */
export async function releaseDevice(
  deviceId: string,
  reason: ReleaseReason,
  now: Date = new Date(),
  byOwner?: string,
): Promise<void> {
  const { notice, hiddenAvatars } = await detachDevice(deviceId, byOwner);
  if (notice !== null) await tellReleased(deviceId, notice, now);
  await refreshAvatarDownloadTokens(hiddenAvatars);
  await deleteDeviceFiles(deviceId);
  // Reminders about the device (anyone's) go with it, their Cloud Scheduler jobs first.
  await deleteSchedulesOfDevice(deviceId);
  await db().recursiveDelete(collections.devices().doc(deviceId));
  logs.deviceReleased({ deviceId, reason, notified: notice?.uids.length ?? 0 });
}

/**
 * `byOwner`: the caller who asked; they must still own the device when it is detached, in this
 * transaction, so a transfer of ownership that commits first wins over a release checked earlier.
 * Returns the members to tell (those detached now, and those a stopped release noted), or null
 * when the device is gone.
 */
async function detachDevice(
  deviceId: string,
  byOwner: string | undefined,
): Promise<{ notice: ReleaseNotice | null; hiddenAvatars: Set<string> }> {
  const deviceRef = collections.devices().doc(deviceId);
  return db().runTransaction(async (transaction) => {
    const snapshot = await transaction.get(deviceRef);
    const device = snapshot.data();
    if (device !== undefined && byOwner !== undefined) requireRole(device, byOwner, ['owner']);
    const registryRef = await findRegistryEntry(transaction, deviceId);
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
    if (device === undefined) return { notice: null, hiddenAvatars: new Set<string>() };
    const hiddenAvatars = leaveDevice(transaction, coMembers, deviceId);
    const noted = snapshot.get(RELEASE_NOTICE_FIELD) as unknown;
    const others = Object.keys(device.members).filter((uid) => uid !== device.ownerUid);
    const uids = [
      ...new Set([
        ...(Array.isArray(noted) ? noted.filter((uid) => typeof uid === 'string') : []),
        ...others,
      ]),
    ];
    if (others.length > 0) {
      transaction.update(
        deviceRef,
        'members',
        { [device.ownerUid]: 'owner' },
        'memberUids',
        [device.ownerUid],
        'memberSince',
        pick(device.memberSince, device.ownerUid),
        RELEASE_NOTICE_FIELD,
        uids,
      );
    }
    return { notice: { uids, deviceName: device.name }, hiddenAvatars };
  });
}

/**
 * The notice to the members who lost the device. Not muted by the device's mute, and pushed past
 * the preferences (`device-released` has none): the device is taken away from them. Over FCM's
 * quota, the inbox entries are written and the release goes on; the push is not worth failing it.
 */
async function tellReleased(deviceId: string, notice: ReleaseNotice, now: Date): Promise<void> {
  if (notice.uids.length === 0) return;
  try {
    await notifyUsers(
      notice.uids,
      {
        id: `device-released-${deviceId}`,
        content: { kind: 'device-released' },
        device: { id: deviceId, name: notice.deviceName, muted: false },
        alertId: null,
        critical: false,
        quiet: false,
        throttled: false,
        at: now,
      },
      fanOutContext(now),
    );
  } catch (error) {
    if (!(error instanceof PushQuotaExceededError)) throw error;
  }
}

/**
 * The entry of the device's serial (from its identity, else the entry pointing at it). The caller
 * checks the entry still points at this device before freeing it.
 */
async function findRegistryEntry(
  transaction: Transaction,
  deviceId: string,
): Promise<DocumentReference<RegistryEntry> | undefined> {
  const serial = await readSerial(deviceId, transaction);
  return serial === undefined ? undefined : collections.deviceRegistry().doc(serial);
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
