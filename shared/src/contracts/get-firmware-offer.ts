import * as z from 'zod';
import { defineContract } from '../contract.ts';
import { DeviceIdSchema } from '../schemas/device-requests.ts';
import { FirmwareOfferSchema } from '../schemas/firmware-updates.ts';

/**
 * How long a phone may hold a BLE gadget's update: the image at a slow BLE rate plus the flash's
 * erase, so the lease outlasts an honest transfer and frees a stalled one.
 */
export const BLE_TRANSFER = { bytesPerSecond: 4 * 1024, eraseAllowanceSeconds: 60 } as const;

export const GetFirmwareOfferRequestSchema = z.strictObject({ deviceId: DeviceIdSchema });
export type GetFirmwareOfferRequest = z.input<typeof GetFirmwareOfferRequestSchema>;

/** Why there is nothing to hand the gadget now. */
export const NoOfferReasonSchema = z.enum([
  'up-to-date',
  'no-rollout',
  'not-yet',
  'awaiting-approval',
  'quiet-hours',
  'failed-before',
  'unknown-firmware',
]);
export type NoOfferReason = z.infer<typeof NoOfferReasonSchema>;

export const GetFirmwareOfferResponseSchema = z.discriminatedUnion('available', [
  z.object({
    available: z.literal(true),
    /** The same offer a Wi-Fi gadget gets; `url` takes this user's ID token as a Bearer. */
    offer: FirmwareOfferSchema,
    /** Release notes in the caller's language (else English), or null. */
    notes: z.string().nullable(),
    /** Until when this phone holds the gadget's update; report through `relayGadgetReport`. */
    leaseExpiresAt: z.iso.datetime(),
    /** How long the transfer may take: the image at a slow BLE rate plus the flash erase. */
    transferSeconds: z.number().int().positive(),
  }),
  z.object({ available: z.literal(false), reason: NoOfferReasonSchema }),
]);
export type GetFirmwareOfferResponse = z.infer<typeof GetFirmwareOfferResponseSchema>;

export const getFirmwareOfferContract = defineContract({
  name: 'getFirmwareOffer',
  summary:
    'For a BLE gadget: the firmware update its app should carry to it, the download URL, and a lease so that one phone at a time updates it; the gadget’s progress comes back through `relayGadgetReport`.',
  caller: 'device-member',
  request: GetFirmwareOfferRequestSchema,
  response: GetFirmwareOfferResponseSchema,
  errors: {
    'failed-precondition':
      'another member’s phone holds the gadget’s update lease (`details.leaseExpiresAt`)',
  },
});
