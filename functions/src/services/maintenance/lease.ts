import { Timestamp } from 'firebase-admin/firestore';
import { COLLECTIONS } from '@gadget/shared';
import { db } from '../../admin.ts';

/**
 * `jobs/nightly-lease`: who runs the nightly job and until when. Cloud Scheduler retries and a manual
 * run can overlap a running job; only the holder of an unexpired lease works. A run that dies keeps
 * the lease until it expires (its deadline plus a margin), after which the next run takes over.
 */
export const LEASE_DOC = 'nightly-lease';

function leaseRef() {
  return db().collection(COLLECTIONS.jobs).doc(LEASE_DOC);
}

export interface Lease {
  readonly holder: string;
  readonly expiresAt: Date;
}

/** Takes the lease for `holder` until `expiresAt`, unless another holder's lease is still valid. */
export async function acquireLease(
  holder: string,
  expiresAt: Date,
  clock: Date = new Date(),
): Promise<{ acquired: true } | { acquired: false; heldBy: Lease }> {
  return db().runTransaction(async (transaction) => {
    const snapshot = await transaction.get(leaseRef());
    const current = snapshot.exists ? readLease(snapshot.data()) : undefined;
    if (current !== undefined && current.holder !== holder && current.expiresAt > clock) {
      return { acquired: false, heldBy: current };
    }
    transaction.set(leaseRef(), { holder, expiresAt: Timestamp.fromDate(expiresAt) });
    return { acquired: true };
  });
}

/** Gives the lease back, if `holder` still holds it (an expired one may have been taken over). */
export async function releaseLease(holder: string): Promise<void> {
  await db().runTransaction(async (transaction) => {
    const snapshot = await transaction.get(leaseRef());
    if (snapshot.exists && snapshot.get('holder') === holder) transaction.delete(leaseRef());
  });
}

function readLease(data: Record<string, unknown> | undefined): Lease | undefined {
  const holder = data?.holder;
  const expiresAt = data?.expiresAt;
  if (typeof holder !== 'string' || !(expiresAt instanceof Timestamp)) return undefined;
  return { holder, expiresAt: expiresAt.toDate() };
}
