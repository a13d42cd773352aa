import type { OtaState } from '@gadget/shared';
import { db } from '../../admin.ts';
import { failedPrecondition } from '../../errors.ts';
import { collections, documents } from '../../data/collections.ts';
import { requireRole } from '../devices/device-access.ts';

/**
 * `approveUpdate`: an owner or admin lets an ask-first device take the update waiting on it; the
 * gadget is offered it on its next call (or its phone's `getFirmwareOffer`). Approving an update
 * already approved, under way or finished changes nothing and says where it is; approving a
 * rollout that is not the one waiting is refused. Reads the device and the update; one write.
 */
export async function approveUpdate(
  uid: string,
  deviceId: string,
  rolloutId: string,
  now: Date = new Date(),
): Promise<OtaState> {
  const deviceRef = collections.devices().doc(deviceId);
  const otaRef = documents.ota(deviceId);
  return db().runTransaction(async (transaction) => {
    requireRole((await transaction.get(deviceRef)).data(), uid, ['owner', 'admin']);
    const ota = (await transaction.get(otaRef)).data();
    if (ota?.rolloutId !== rolloutId) {
      throw failedPrecondition('No update of this rollout is waiting on this device.');
    }
    if (ota.state !== 'awaiting-approval') return ota.state;
    transaction.set(otaRef, {
      ...ota,
      state: 'offered',
      approvedBy: uid,
      stateChangedAt: now,
      updatedAt: now,
    });
    return 'offered';
  });
}
