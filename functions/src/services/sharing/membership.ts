import { FieldPath, FieldValue } from 'firebase-admin/firestore';
import type { DocumentReference, Transaction } from 'firebase-admin/firestore';
import type { Device, Role } from '@gadget/shared';
import { db } from '../../admin.ts';
import { failedPrecondition, notFound, permissionDenied } from '../../errors.ts';
import { joinDevice, leaveDevice, readCoMembers } from './co-members.ts';
import { DEVICE_NOT_FOUND_MESSAGE, requireRole, roleOf } from '../devices/device-access.ts';
import {
  deleteInvitesCreatedBy,
  readRegistry,
  revokeAfterRemoval,
  revokeDeviceKeyOf,
} from './revocation.ts';
import { collections } from '../../data/collections.ts';

/**
 * Who belongs to a device and with which role. `members`, `memberUids` and `memberSince` are only
 * ever changed together, in one transaction, so they never disagree. A member who goes loses what
 * their role minted: a device key they rotated (in the same transaction) and their pending invites.
 * The same transactions keep the co-member records (co-members.ts) that let members see each
 * other's avatar; a transfer changes roles only, so it leaves them alone.
 */

/**
 * Bounds the member map, and so what a release's one transaction reads and writes: at 20 members,
 * 380 co-member records (every ordered pair), the device and its registry entry: at most 382 small
 * writes, far below the 10 MiB a commit may carry (Firestore's old cap of 500 writes went in March
 * 2023). The members' inbox entries are written after it, by the notification fan-out.
 */
export const MAX_MEMBERS_PER_DEVICE = 20;

const OWNER_CANNOT_LEAVE =
  'The owner cannot be removed: transfer ownership or release the device first.';

/** Removes `uid` from the device. Idempotent: a missing device or a non-member is a no-op. */
export async function removeMembership(deviceId: string, uid: string): Promise<void> {
  const ref = collections.devices().doc(deviceId);
  const hidden = await db().runTransaction(async (transaction) => {
    const device = (await transaction.get(ref)).data();
    if (device === undefined || roleOf(device, uid) === undefined) return new Set<string>();
    if (device.ownerUid === uid) throw failedPrecondition(OWNER_CANNOT_LEAVE);
    return writeRemoval(transaction, ref, device, uid);
  });
  await revokeAfterRemoval(deviceId, uid, hidden);
}

/**
 * Makes `toUid` (already a member) the owner; `fromUid` becomes an admin. Safe to repeat: when
 * `toUid` already owns the device nothing changes.
 */
export async function transferOwnership(
  deviceId: string,
  fromUid: string,
  toUid: string,
): Promise<void> {
  const ref = collections.devices().doc(deviceId);
  await db().runTransaction(async (transaction) => {
    const device = (await transaction.get(ref)).data();
    if (device === undefined) throw notFound(DEVICE_NOT_FOUND_MESSAGE);
    if (device.ownerUid === toUid) return;
    if (device.ownerUid !== fromUid) {
      throw failedPrecondition('Only the owner can hand over ownership.');
    }
    writeTransfer(transaction, ref, device, fromUid, toUid);
  });
  await deleteInvitesCreatedBy(deviceId, fromUid);
}

/** `removeMember`: the owner removes anyone but themself; an admin removes viewers only. */
export async function removeMemberAsCaller(
  callerUid: string,
  deviceId: string,
  targetUid: string,
): Promise<{ removed: boolean }> {
  const ref = collections.devices().doc(deviceId);
  const result = await db().runTransaction(async (transaction) => {
    const { device, role } = requireRole((await transaction.get(ref)).data(), callerUid, [
      'owner',
      'admin',
    ]);
    const targetRole = roleOf(device, targetUid);
    if (targetRole === undefined) return { removed: false, hidden: new Set<string>() };
    if (role === 'admin' && targetRole !== 'viewer') {
      throw permissionDenied('Admins can remove viewers only.');
    }
    if (targetRole === 'owner') throw failedPrecondition(OWNER_CANNOT_LEAVE);
    return { removed: true, hidden: await writeRemoval(transaction, ref, device, targetUid) };
  });
  if (result.removed) await revokeAfterRemoval(deviceId, targetUid, result.hidden);
  return { removed: result.removed };
}

/** `leaveDevice`: any member but the owner removes themself. */
export async function leaveDeviceAsCaller(callerUid: string, deviceId: string): Promise<void> {
  const ref = collections.devices().doc(deviceId);
  const hidden = await db().runTransaction(async (transaction) => {
    const { device, role } = requireRole((await transaction.get(ref)).data(), callerUid, [
      'owner',
      'admin',
      'viewer',
    ]);
    if (role === 'owner') throw failedPrecondition(OWNER_CANNOT_LEAVE);
    return writeRemoval(transaction, ref, device, callerUid);
  });
  await revokeAfterRemoval(deviceId, callerUid, hidden);
}

/** `transferOwnership`: the owner hands the device to an existing member. */
export async function transferOwnershipAsCaller(
  callerUid: string,
  deviceId: string,
  toUid: string,
): Promise<void> {
  const ref = collections.devices().doc(deviceId);
  await db().runTransaction(async (transaction) => {
    const { device } = requireRole((await transaction.get(ref)).data(), callerUid, ['owner']);
    if (toUid === callerUid) return;
    if (roleOf(device, toUid) === undefined) {
      throw failedPrecondition('The new owner must already be a member of this device.');
    }
    writeTransfer(transaction, ref, device, callerUid, toUid);
  });
  if (toUid !== callerUid) await deleteInvitesCreatedBy(deviceId, callerUid);
}

/**
 * Adds a member inside the caller's transaction (the device already read in it, nothing written
 * yet: this still reads the co-member records).
 */
export async function addMemberInTransaction(
  transaction: Transaction,
  ref: DocumentReference<Device>,
  device: Device,
  uid: string,
  role: Exclude<Role, 'owner'>,
  now: Date,
): Promise<void> {
  if (Object.keys(device.members).length >= MAX_MEMBERS_PER_DEVICE) {
    throw failedPrecondition(
      `A device can have at most ${String(MAX_MEMBERS_PER_DEVICE)} members.`,
    );
  }
  const coMembers = await readCoMembers(transaction, [uid], Object.keys(device.members));
  joinDevice(transaction, coMembers, ref.id, now);
  transaction.update(
    ref,
    new FieldPath('members', uid),
    role,
    new FieldPath('memberSince', uid),
    now,
    'memberUids',
    FieldValue.arrayUnion(uid),
  );
}

/**
 * Reads the registry entry and co-member records (reads before writes), then removes `uid` and a
 * key they rotated. Answers the users whose avatar someone no longer sees.
 */
async function writeRemoval(
  transaction: Transaction,
  ref: DocumentReference<Device>,
  device: Device,
  uid: string,
): Promise<Set<string>> {
  const registry = await readRegistry(transaction, ref.id);
  const coMembers = await readCoMembers(transaction, [uid], Object.keys(device.members));
  const revoked = revokeDeviceKeyOf(transaction, ref.id, registry, uid);
  const hidden = leaveDevice(transaction, coMembers, ref.id);
  transaction.update(
    ref,
    new FieldPath('members', uid),
    FieldValue.delete(),
    new FieldPath('memberSince', uid),
    FieldValue.delete(),
    'memberUids',
    FieldValue.arrayRemove(uid),
    // An instance that remembers the revoked key must not take it again if `uid` comes back.
    ...(revoked ? ['keyTag', FieldValue.delete()] : []),
  );
  return hidden;
}

function writeTransfer(
  transaction: Transaction,
  ref: DocumentReference<Device>,
  device: Device,
  fromUid: string,
  toUid: string,
): void {
  if (roleOf(device, toUid) === undefined) {
    throw failedPrecondition('The new owner must already be a member of this device.');
  }
  transaction.update(
    ref,
    'ownerUid',
    toUid,
    new FieldPath('members', toUid),
    'owner',
    new FieldPath('members', fromUid),
    'admin',
  );
}
