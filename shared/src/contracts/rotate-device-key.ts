import * as z from 'zod';
import { defineContract } from '../contract.ts';
import { DeviceIdSchema } from '../schemas/device-requests.ts';

export const RotateDeviceKeyRequestSchema = z.strictObject({ deviceId: DeviceIdSchema });
export type RotateDeviceKeyRequest = z.input<typeof RotateDeviceKeyRequestSchema>;

export const RotateDeviceKeyResponseSchema = z.object({
  /** 32 random bytes, base64url. Shown once: only its hash is stored; the previous key stops working. */
  deviceKey: z.string(),
});
export type RotateDeviceKeyResponse = z.infer<typeof RotateDeviceKeyResponseSchema>;

export const rotateDeviceKeyContract = defineContract({
  name: 'rotateDeviceKey',
  summary:
    'Issues a new key for the gadget’s direct HTTPS ingestion (owner or admin); the old one stops ' +
    'working at once. The app calls it once after claiming a Wi-Fi gadget (a claimed device has ' +
    'no key until then) and hands the key to the gadget: this answer is the only time it is shown ' +
    '(see [The device key](#the-device-key)).',
  caller: 'device-owner-or-admin',
  request: RotateDeviceKeyRequestSchema,
  response: RotateDeviceKeyResponseSchema,
  errors: {
    'failed-precondition':
      'The gadget’s registry entry no longer points at this device: it is being released.',
    'resource-exhausted':
      'More than 10 rotations of this device in an hour, or the backstop across all accounts ' +
      '(`GLOBAL_CALL_LIMIT_PER_MINUTE`) is reached; `details.retryAfterSeconds` says when to retry.',
  },
});
