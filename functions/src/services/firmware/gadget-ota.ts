import type { Transaction } from 'firebase-admin/firestore';
import type { Device, FirmwareOffer, OtaDoc, OtaReport, SyncVia } from '@gadget/shared';
import { documents } from '../../data/collections.ts';
import { ownerInQuietHours } from './quiet-installs.ts';
import { cachedModelRollout } from './model-rollout.ts';
import { mayBeOffered, offerOf, offerStep } from './offer-decision.ts';
import { applyOtaReport, confirmByFirmware } from './ota-transitions.ts';
import { firmwareDownloadUrl } from './download-url.ts';

/** What a gadget said about firmware in one call. */
export interface GadgetFirmwareSaid {
  readonly firmware?: string | undefined;
  readonly ota?: OtaReport | undefined;
  readonly via: SyncVia;
}

export interface OtaPlan {
  /** The update to tell the gadget about (Wi-Fi calls only). */
  readonly offer: FirmwareOffer | undefined;
  write(transaction: Transaction): void;
}

const NOTHING: OtaPlan = { offer: undefined, write: () => undefined };

/**
 * The firmware part of a gadget's call, inside the caller's transaction (which has read the
 * device). `ota/current` is read only when the call can change it: the gadget reports an update's
 * state, says it runs another version than the device knows (a confirmation), or is a candidate
 * of its model's rollout. So a model without a rollout, or a gadget already up to date, costs no
 * read beyond the cached model. Offers are made only to Wi-Fi calls (`downloadBase` set); a BLE
 * gadget's app asks `getFirmwareOffer`.
 */
export async function planGadgetOta(
  transaction: Transaction,
  deviceId: string,
  device: Device,
  said: GadgetFirmwareSaid,
  now: Date,
  downloadBase: string | null,
): Promise<OtaPlan> {
  const rollout = await cachedModelRollout(device.model, now);
  const known = device.status.firmware?.version ?? null;
  const running = said.firmware ?? known;
  const candidate = downloadBase !== null && mayBeOffered(rollout, deviceId, running);
  if (!candidate && said.ota === undefined && running === known) return NOTHING;

  const ref = documents.ota(deviceId);
  const stored = (await transaction.get(ref)).data();
  let ota = stored;
  if (ota !== undefined && said.ota !== undefined) {
    ota = applyOtaReport(ota, said.ota, running, now, said.via) ?? ota;
  }
  if (ota !== undefined) ota = confirmByFirmware(ota, running, now, said.via) ?? ota;

  let offer: FirmwareOffer | undefined;
  if (downloadBase !== null && rollout !== null) {
    const step = offerStep({ deviceId, device, rollout, running, ota, now });
    let offering: OtaDoc | undefined;
    if (step.kind === 'offer') {
      offering = step.ota;
      ota = step.next ?? ota;
    } else if (step.kind === 'first-offer') {
      // Withheld in quiet hours: nothing is written, the next call asks again.
      if (!(await ownerInQuietHours(transaction, device, now))) offering = ota = step.next;
    } else if (step.next !== null) {
      ota = step.next;
    }
    if (offering !== undefined) {
      const url = firmwareDownloadUrl(downloadBase, {
        deviceId,
        rolloutId: rollout.id,
        version: rollout.version,
      });
      offer = offerOf(rollout, offering, url);
    }
  } else if (downloadBase !== null && ota !== undefined) {
    // No rollout any more: an update not yet installing is withdrawn.
    ota = offerStep({ deviceId, device, rollout, running, ota, now }).next ?? ota;
  }
  const changed = ota !== stored ? ota : undefined;
  return {
    offer,
    write: (transaction) => {
      if (changed !== undefined) transaction.set(ref, changed);
    },
  };
}
