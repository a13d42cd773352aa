import * as z from 'zod';
import { defineContract } from '../contract.ts';
import { DeviceIdSchema } from '../schemas/device-requests.ts';

export const ReleaseDeviceRequestSchema = z.strictObject({ deviceId: DeviceIdSchema });
export type ReleaseDeviceRequest = z.input<typeof ReleaseDeviceRequestSchema>;

export const ReleaseDeviceResponseSchema = z.object({ released: z.literal(true) });
export type ReleaseDeviceResponse = z.infer<typeof ReleaseDeviceResponseSchema>;

export const releaseDeviceContract = defineContract({
  name: 'releaseDevice',
  summary:
    'The owner unpairs a device: members are removed and told, its readings, alerts and photos ' +
    'deleted, and the printed claim code works again.',
  caller: 'device-owner',
  request: ReleaseDeviceRequestSchema,
  response: ReleaseDeviceResponseSchema,
  errors: {
    'failed-precondition':
      'The sign-in is older than 5 minutes: `details.reason` is `requires-recent-login`; sign in ' +
      'again and retry, as for Firebase Auth’s own `delete()`.',
  },
});
