import { createHmac } from 'node:crypto';
import type { Device, Invite, Role } from '@gadget/shared';
import { db } from '../../admin.ts';
import { notFound, permissionDenied } from '../../errors.ts';
import * as logs from '../../logs.ts';
import { requireRole, roleOf } from '../devices/device-access.ts';
import { addMemberInTransaction } from './membership.ts';
import {
  checkInTransaction,
  consumeRateLimitsInTransaction,
  countInTransaction,
  globalLimit,
} from '../limits/rate-limits.ts';
import type { RateLimit } from '../limits/rate-limits.ts';
import { generateReadableCode, normalizeReadableCode } from '../credentials/readable-codes.ts';
import { collections } from '../../data/collections.ts';

type InviteRole = Invite['role'];

/** 12 characters × 5 bits = 60 bits: out of reach of guessing within the limits and the 72 h life. */
export const INVITE_CODE_LENGTH = 12;
export const INVITE_TTL_MS = 72 * 60 * 60 * 1000;
/** Used and expired invites are kept a week for support, then the TTL policy deletes them. */
const INVITE_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/** Wrong codes per user per hour: with the global backstop, guessing 60-bit codes is hopeless. */
export function inviteFailureLimit(uid: string): RateLimit {
  return { key: `invite-failures:${uid}`, limit: 20, windowMs: 60 * 60 * 1000 };
}

/** Invites a user may create per hour: each is a live code someone could try to intercept. */
export function inviteCreationLimit(uid: string): RateLimit {
  return { key: `invite-create:${uid}`, limit: 30, windowMs: 60 * 60 * 1000 };
}

/** What the callables pass in from params: the backstop across accounts and the hashing key. */
export interface InviteSettings {
  readonly perMinute: number;
  readonly secret: string;
}

const TOO_MANY_WRONG_CODES = 'Too many invalid invite codes. Try again later.';

/** One answer for unknown, expired, used codes and codes for a device the caller is already on. */
export const INVITE_REFUSED_MESSAGE =
  'This invite code is not valid: it may be mistyped, expired or already used. Ask for a new one.';

/**
 * The invite's document id: the code is never stored, only an HMAC-SHA256 keyed with the
 * CLAIM_CODE_SECRET param (with its own prefix, so an invite hash never equals a claim hash), so a
 * leaked `invites` collection cannot be searched offline for codes.
 */
export function inviteId(code: string, secret: string): string {
  return createHmac('sha256', secret)
    .update(`invite:${normalizeReadableCode(code)}`)
    .digest('hex');
}

/** Owners invite admins or viewers, admins invite viewers. */
export function mayInvite(creatorRole: Role | undefined, role: InviteRole): boolean {
  return creatorRole === 'owner' || (creatorRole === 'admin' && role === 'viewer');
}

/** `createInvite`: owners invite admins or viewers, admins invite viewers. */
export async function createInvite(
  uid: string,
  deviceId: string,
  role: InviteRole,
  global: InviteSettings,
  now: Date = new Date(),
): Promise<{ code: string; expiresAt: Date }> {
  const deviceRef = collections.devices().doc(deviceId);
  // `ABCD-EFGH-JKMN`, in the alphabet of the claim labels.
  const code = generateReadableCode(INVITE_CODE_LENGTH);
  const expiresAt = new Date(now.getTime() + INVITE_TTL_MS);
  await db().runTransaction(async (transaction) => {
    const { role: callerRole } = requireRole((await transaction.get(deviceRef)).data(), uid, [
      'owner',
      'admin',
    ]);
    if (callerRole === 'admin' && role !== 'viewer') {
      throw permissionDenied('Admins can invite viewers only.');
    }
    const message = 'Too many invites created. Try again later.';
    await consumeRateLimitsInTransaction(
      transaction,
      [inviteCreationLimit(uid), globalLimit('createInvite', uid, global.perMinute)],
      now,
      message,
    );
    // create(): a code colliding with a live invite fails rather than replacing it.
    transaction.create(collections.invites().doc(inviteId(code, global.secret)), {
      deviceId,
      role,
      createdBy: uid,
      createdAt: now,
      expiresAt,
      usedBy: null,
      usedAt: null,
      expireAt: new Date(expiresAt.getTime() + INVITE_RETENTION_MS),
    });
  });
  logs.inviteCreated({ uid, deviceId, role });
  return { code, expiresAt };
}

export interface AcceptedInvite {
  readonly deviceId: string;
  readonly role: InviteRole;
  readonly device: Device;
}

type Outcome =
  { kind: 'accepted'; repeated: boolean; accepted: AcceptedInvite } | { kind: 'refused' };

/**
 * `acceptInvite`: in one transaction the invite is marked used and the caller added, so of two
 * people racing for one code exactly one joins. Accepting one's own used code again answers the
 * same success.
 */
export async function acceptInvite(
  uid: string,
  code: string,
  global: InviteSettings,
  now: Date = new Date(),
): Promise<AcceptedInvite> {
  const inviteRef = collections.invites().doc(inviteId(code, global.secret));
  const outcome = await db().runTransaction(async (transaction): Promise<Outcome> => {
    // Wrong codes are counted in this transaction: parallel guesses see each other's counts.
    const limits = [
      await checkInTransaction(transaction, inviteFailureLimit(uid), now, TOO_MANY_WRONG_CODES),
      await checkInTransaction(
        transaction,
        globalLimit('acceptInvite-failures', uid, global.perMinute),
        now,
        TOO_MANY_WRONG_CODES,
      ),
    ];
    const refused = (): Outcome => {
      for (const limit of limits) countInTransaction(transaction, limit);
      return { kind: 'refused' };
    };
    const invite = (await transaction.get(inviteRef)).data();
    if (invite === undefined) return refused();
    const deviceRef = collections.devices().doc(invite.deviceId);
    const device = (await transaction.get(deviceRef)).data();
    if (device === undefined) return refused();
    const accepted = { deviceId: invite.deviceId, role: invite.role };
    if (invite.usedBy === uid && roleOf(device, uid) !== undefined) {
      return { kind: 'accepted', repeated: true, accepted: { ...accepted, device } };
    }
    if (invite.usedBy !== null || invite.expiresAt <= now || roleOf(device, uid) !== undefined) {
      return refused();
    }
    // The creator must still hold a role that may mint this invite: removal deletes their
    // invites, and this closes the gap between the removal and that deletion.
    if (!mayInvite(roleOf(device, invite.createdBy), invite.role)) return refused();
    await addMemberInTransaction(transaction, deviceRef, device, uid, invite.role, now);
    transaction.update(inviteRef, { usedBy: uid, usedAt: now });
    const joined: Device = {
      ...device,
      members: { ...device.members, [uid]: invite.role },
      memberUids: [...device.memberUids, uid],
      memberSince: { ...device.memberSince, [uid]: now },
    };
    return { kind: 'accepted', repeated: false, accepted: { ...accepted, device: joined } };
  });
  if (outcome.kind === 'refused') throw notFound(INVITE_REFUSED_MESSAGE);
  logs.inviteAccepted({
    uid,
    deviceId: outcome.accepted.deviceId,
    role: outcome.accepted.role,
    repeated: outcome.repeated,
  });
  return outcome.accepted;
}
