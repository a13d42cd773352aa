import { Timestamp } from 'firebase-admin/firestore';
import type { DocumentReference, Transaction } from 'firebase-admin/firestore';
import { COLLECTIONS } from '@gadget/shared';
import { db } from '../../admin.ts';

/** Wrong codes in a row that lock a serial for one account, and for how long. */
export const SERIAL_LOCKOUT = { attempts: 5, durationMs: 15 * 60 * 1000 } as const;

/**
 * A serial's lock is per account (`rateLimits/serial-lock:{serial}:{uid}`), so someone who knows a
 * serial (a viewer, a visitor who read the label) cannot lock its rightful claimant out. Read and
 * written inside the claim's transaction.
 */
export interface SerialLock {
  readonly ref: DocumentReference;
  readonly failedAttempts: number;
  readonly lockedUntil: Date | null;
}

export async function readSerialLock(
  transaction: Transaction,
  serial: string,
  uid: string,
): Promise<SerialLock> {
  const ref = db()
    .collection(COLLECTIONS.rateLimits)
    .doc(encodeURIComponent(`serial-lock:${serial}:${uid}`));
  const data = (await transaction.get(ref)).data();
  const lockedUntil = data?.lockedUntil instanceof Timestamp ? data.lockedUntil.toDate() : null;
  const failedAttempts = typeof data?.failedAttempts === 'number' ? data.failedAttempts : 0;
  return { ref, failedAttempts, lockedUntil };
}

export function isLocked(lock: SerialLock, now: Date): boolean {
  return lock.lockedUntil !== null && lock.lockedUntil > now;
}

/** Counts a wrong code; the fifth locks. A lock that has run out starts a fresh count. */
export function recordWrongCode(transaction: Transaction, lock: SerialLock, now: Date): boolean {
  const attempts = (lock.lockedUntil === null ? lock.failedAttempts : 0) + 1;
  const lockedNow = attempts >= SERIAL_LOCKOUT.attempts;
  const lockedUntil = lockedNow ? new Date(now.getTime() + SERIAL_LOCKOUT.durationMs) : null;
  transaction.set(lock.ref, {
    failedAttempts: attempts,
    lockedUntil: lockedUntil === null ? null : Timestamp.fromDate(lockedUntil),
    // Kept a day after the last wrong code, then the TTL policy on rateLimits removes it.
    expireAt: Timestamp.fromMillis(now.getTime() + 24 * 60 * 60 * 1000),
  });
  return lockedNow;
}

/** The right code clears the account's count. */
export function clearSerialLock(transaction: Transaction, lock: SerialLock): void {
  if (lock.failedAttempts > 0 || lock.lockedUntil !== null) transaction.delete(lock.ref);
}
