import { BLE_TRANSFER } from '@gadget/shared';
import type { GetFirmwareOfferResponse, OtaDoc } from '@gadget/shared';
import { db } from '../../admin.ts';
import { failedPrecondition } from '../../errors.ts';
import { collections, documents } from '../../data/collections.ts';
import { requireRole } from '../devices/device-access.ts';
import { pickLanguage } from '../notifications/localisation.ts';
import { ownerInQuietHours } from './quiet-installs.ts';
import { firmwareDownloadBase, firmwareDownloadUrl } from './download-url.ts';
import { readModelRollout } from './model-rollout.ts';
import { offerOf, offerStep } from './offer-decision.ts';

/** How long a phone may take to carry an image of `size` bytes to its gadget over BLE. */
export function bleTransferSeconds(size: number): number {
  return Math.ceil(size / BLE_TRANSFER.bytesPerSecond) + BLE_TRANSFER.eraseAllowanceSeconds;
}

/**
 * `getFirmwareOffer`: a BLE gadget's update, for the member's phone that will carry it. The same
 * rules as a Wi-Fi gadget's offer (`offerStep`), plus a lease: one phone at a time, for as long as
 * the transfer may take; the holder may ask again to extend it, another member's phone is refused
 * until it ends. The gadget's reports, relayed and signed, move the update on and end the lease.
 * Reads: the device, the model, the update, the release (for its notes) and the caller's profile
 * (their language), and the owner's at a first offer (quiet hours); writes the update.
 */
export async function firmwareOfferForPhone(
  uid: string,
  deviceId: string,
  host: string | undefined,
  now: Date = new Date(),
): Promise<GetFirmwareOfferResponse> {
  const deviceRef = collections.devices().doc(deviceId);
  const otaRef = documents.ota(deviceId);
  return db().runTransaction(async (transaction) => {
    const { device } = requireRole((await transaction.get(deviceRef)).data(), uid, [
      'owner',
      'admin',
      'viewer',
    ]);
    const rollout = await readModelRollout(device.model, transaction);
    const ota = (await transaction.get(otaRef)).data();
    const running = device.status.firmware?.version ?? null;
    const step = offerStep({ deviceId, device, rollout, running, ota, now });
    let offering: OtaDoc | undefined;
    if (step.kind === 'offer') offering = step.ota;
    if (step.kind === 'first-offer') {
      if (await ownerInQuietHours(transaction, device, now)) {
        return { available: false, reason: 'quiet-hours' };
      }
      offering = step.next;
    }
    if (offering === undefined || rollout === null) {
      if (step.next !== null) transaction.set(otaRef, step.next);
      return { available: false, reason: step.kind === 'none' ? step.reason : 'no-rollout' };
    }
    const lease = offering.lease;
    if (lease !== null && lease.uid !== uid && lease.expiresAt > now) {
      throw failedPrecondition('Another phone is updating this gadget.', {
        leaseExpiresAt: lease.expiresAt.toISOString(),
      });
    }
    const [release, profile] = await Promise.all([
      transaction.get(collections.releases(device.model).doc(rollout.version)),
      transaction.get(collections.users().doc(uid)),
    ]);
    const offer = offerOf(
      rollout,
      offering,
      firmwareDownloadUrl(firmwareDownloadBase(host), {
        deviceId,
        rolloutId: rollout.id,
        version: rollout.version,
      }),
    );
    const transferSeconds = bleTransferSeconds(offer.size);
    const expiresAt = new Date(now.getTime() + transferSeconds * 1000);
    transaction.set(otaRef, {
      ...offering,
      lease: { uid, expiresAt },
      via: 'relay',
      updatedAt: now,
    });
    const notes = release.data()?.notes ?? {};
    const language = pickLanguage(profile.data()?.locale);
    return {
      available: true,
      offer,
      notes: notes[language] ?? notes.en ?? null,
      leaseExpiresAt: expiresAt.toISOString(),
      transferSeconds,
    };
  });
}
