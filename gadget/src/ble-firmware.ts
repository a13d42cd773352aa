import { GetFirmwareOfferResponseSchema } from '@gadget/shared';
import type { FirmwareOffer, NoOfferReason } from '@gadget/shared';
import type { ReferenceGadget } from './reference-gadget.ts';
import type { OtaStatus } from './status.ts';

/** The app's part of a BLE gadget's update: its two calls, made by a (simulated) phone. */
export interface FirmwareCarrier {
  /** `getFirmwareOffer({deviceId})` for the gadget, as the app calls it. */
  getFirmwareOffer(): Promise<unknown>;
  /** The image at `offer.url`, downloaded with the member's ID token as a Bearer. */
  downloadImage(offer: FirmwareOffer): Promise<Uint8Array>;
}

export type CarriedUpdate =
  | { readonly available: false; readonly reason: NoOfferReason }
  | { readonly available: true; readonly offer: FirmwareOffer; readonly status: OtaStatus };

/**
 * What a member's phone does for a BLE gadget's update: asks `getFirmwareOffer` (its answer read
 * with the shared schema), downloads the image itself, and hands both to the gadget, which checks
 * and installs them as it would its own download (`ReferenceGadget.receiveFirmware`). The gadget's
 * next reports, relayed as usual, carry its steps. Returns what the backend said and, when there
 * was an offer, where the gadget's update is.
 */
export async function carryFirmwareUpdate(
  gadget: ReferenceGadget,
  carrier: FirmwareCarrier,
): Promise<CarriedUpdate> {
  const answer = GetFirmwareOfferResponseSchema.parse(await carrier.getFirmwareOffer());
  if (!answer.available) return { available: false, reason: answer.reason };
  const image = await carrier.downloadImage(answer.offer);
  const status = await gadget.receiveFirmware(answer.offer, image);
  return { available: true, offer: answer.offer, status };
}
