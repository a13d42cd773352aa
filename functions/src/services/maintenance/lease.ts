import type { MaintenanceLease } from '@gadget/shared';
import { db } from '../../admin.ts';
import { documents } from '../../data/collections.ts';

/**
 * `jobs/nightly-lease` (`documents.maintenanceLease`): who runs the nightly job and until when. Cloud Scheduler retries and a manual
 * run can overlap a running job; only the holder of an unexpired lease works. A run that dies keeps
 * the lease until it expires (its deadline plus a margin), after which the next run takes over.
 */
const leaseRef = documents.maintenanceLease;

export type Lease = MaintenanceLease;

/** Takes the lease for `holder` until `expiresAt`, unless another holder's lease is still valid. */
export async function acquireLease(
  holder: string,
  expiresAt: Date,
  clock: Date = new Date(),
): Promise<{ acquired: true } | { acquired: false; heldBy: Lease }> {
  return db().runTransaction(async (transaction) => {
    const current = (await transaction.get(leaseRef())).data();
    if (current !== undefined && current.holder !== holder && current.expiresAt > clock) {
      return { acquired: false, heldBy: current };
    }
    transaction.set(leaseRef(), { holder, expiresAt });
    return { acquired: true };
  });
}

/** Gives the lease back, if `holder` still holds it (an expired one may have been taken over). */
export async function releaseLease(holder: string): Promise<void> {
  await db().runTransaction(async (transaction) => {
    const current = (await transaction.get(leaseRef())).data();
    if (current?.holder === holder) transaction.delete(leaseRef());
  });
}
