import type { Device } from '@gadget/shared';
import { db } from '../../admin.ts';
import { alreadyExists, notFound } from '../../errors.ts';
import * as logs from '../../logs.ts';
import { hashClaimCode } from './claim-codes.ts';
import { newDevice } from './new-device.ts';
import { sameHexDigest } from '../credentials/digests.ts';
import { checkInTransaction, countInTransaction, globalLimit } from '../limits/rate-limits.ts';
import { clearSerialLock, isLocked, readSerialLock, recordWrongCode } from './serial-locks.ts';
import type { RateLimit } from '../limits/rate-limits.ts';
import { collections, documents } from '../../data/collections.ts';

export { SERIAL_LOCKOUT } from './serial-locks.ts';

/** Failed claims per user per hour before the user is refused outright. */
export function claimFailureLimit(uid: string): RateLimit {
  return { key: `claim-failures:${uid}`, limit: 20, windowMs: 60 * 60 * 1000 };
}

/**
 * One answer for an unknown serial, a wrong code and a locked serial: a guesser learns neither
 * which serials exist nor whether a lock is what stops them. The message tells a person with the
 * right label what to do.
 */
export const CLAIM_REFUSED_MESSAGE =
  'No gadget matches this serial and claim code, or it is locked for 15 minutes after too many ' +
  'wrong codes. Check the label and try again later.';

export interface ClaimInput {
  readonly uid: string;
  readonly serial: string;
  readonly claimCode: string;
  readonly name?: string | undefined;
  /** The CLAIM_CODE_SECRET the registry's hashes are keyed with. */
  readonly secret: string;
  /** Failed claims per minute across all accounts (GLOBAL_GUESS_LIMIT_PER_MINUTE). */
  readonly globalFailuresPerMinute: number;
}

const TOO_MANY_FAILURES = 'Too many failed claims. Try again later.';

export interface ClaimResult {
  readonly deviceId: string;
  readonly device: Device;
  readonly created: boolean;
}

type Outcome =
  | { kind: 'claimed'; deviceId: string; device: Device; created: boolean }
  | { kind: 'taken' }
  | {
      kind: 'refused';
      reason: 'unknown-serial' | 'wrong-code' | 'locked';
      lockedNow: boolean;
    };

/**
 * Checks the code and, in the same transaction, creates `devices/{autoId}` owned by the caller (with
 * its identity document, which holds the serial) and marks the registry entry claimed, so of two people claiming at once exactly one becomes owner.
 * Device ids are Firestore auto-ids, not the serial: a device claimed again after a release gets
 * a fresh id, so nothing addressed to the old one (invites, stale app state) reaches the new owner.
 */
export async function claimDevice(input: ClaimInput, now: Date = new Date()): Promise<ClaimResult> {
  const outcome = await claimInTransaction(input, now);
  if (outcome.kind === 'claimed') {
    if (outcome.created) {
      logs.deviceClaimed({ uid: input.uid, deviceId: outcome.deviceId, serial: input.serial });
    }
    return outcome;
  }
  if (outcome.kind === 'taken') {
    logs.deviceClaimFailed({
      uid: input.uid,
      serial: input.serial,
      reason: 'claimed-by-other',
      lockedNow: false,
    });
    throw alreadyExists('This gadget belongs to someone else. Ask its owner to invite you.');
  }
  logs.deviceClaimFailed({
    uid: input.uid,
    serial: input.serial,
    reason: outcome.reason,
    lockedNow: outcome.lockedNow,
  });
  throw notFound(CLAIM_REFUSED_MESSAGE);
}

async function claimInTransaction(input: ClaimInput, now: Date): Promise<Outcome> {
  const registryRef = collections.deviceRegistry().doc(input.serial);
  const codeHash = hashClaimCode(input.claimCode, input.secret);
  return db().runTransaction(async (transaction): Promise<Outcome> => {
    // The failure windows are read and, on a refusal, counted in this transaction: parallel
    // guesses see each other's counts.
    const limits = [
      await checkInTransaction(transaction, claimFailureLimit(input.uid), now, TOO_MANY_FAILURES),
      await checkInTransaction(
        transaction,
        globalLimit('claimDevice-failures', input.uid, input.globalFailuresPerMinute),
        now,
        TOO_MANY_FAILURES,
      ),
    ];
    const refuse = (outcome: Extract<Outcome, { kind: 'refused' }>): Outcome => {
      for (const limit of limits) countInTransaction(transaction, limit);
      return outcome;
    };
    const entry = (await transaction.get(registryRef)).data();
    if (entry === undefined) {
      return refuse({ kind: 'refused', reason: 'unknown-serial', lockedNow: false });
    }
    const lock = await readSerialLock(transaction, input.serial, input.uid);
    if (isLocked(lock, now)) return refuse({ kind: 'refused', reason: 'locked', lockedNow: false });
    if (!sameHexDigest(entry.claimSecretHash, codeHash)) {
      const lockedNow = recordWrongCode(transaction, lock, now);
      return refuse({ kind: 'refused', reason: 'wrong-code', lockedNow });
    }

    const existingRef =
      entry.deviceId === null ? undefined : collections.devices().doc(entry.deviceId);
    const existing =
      existingRef === undefined ? undefined : (await transaction.get(existingRef)).data();
    if (existingRef !== undefined && existing !== undefined) {
      // The current owner decides, not `claimedBy`: ownership may have been transferred since.
      if (existing.ownerUid !== input.uid) return { kind: 'taken' };
      clearSerialLock(transaction, lock);
      return { kind: 'claimed', deviceId: existingRef.id, device: existing, created: false };
    }

    const deviceRef = collections.devices().doc();
    const device = newDevice({ model: entry.model, ownerUid: input.uid, name: input.name, now });
    clearSerialLock(transaction, lock);
    transaction.create(deviceRef, device);
    transaction.create(documents.deviceIdentity(deviceRef.id), { serial: input.serial });
    transaction.update(registryRef, {
      claimedBy: input.uid,
      deviceId: deviceRef.id,
      failedAttempts: 0,
      lockedUntil: null,
    });
    return { kind: 'claimed', deviceId: deviceRef.id, device, created: true };
  });
}
