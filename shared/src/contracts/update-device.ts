import * as z from 'zod';
import { UpdatePolicySchema } from '../schemas/firmware-updates.ts';
import { defineContract } from '../contract.ts';
import {
  DeviceIdSchema,
  DeviceNameInputSchema,
  ThresholdsInputSchema,
} from '../schemas/device-requests.ts';
import { DeviceViewSchema } from '../schemas/device-view.ts';

export const UpdateDeviceRequestSchema = z
  .strictObject({
    deviceId: DeviceIdSchema,
    name: DeviceNameInputSchema.optional(),
    /**
     * Per metric of the device's model: `{min?, max?, hysteresis?}` within the model's range,
     * min < max and 0 ≤ hysteresis < max − min (missing bounds count as the range's ends).
     */
    thresholds: ThresholdsInputSchema.optional(),
    /** Silences pushes about this device for every member. */
    muted: z.boolean().optional(),
    /** `auto` installs firmware updates as their rollout reaches the device; `ask` waits for `approveUpdate`. */
    updatePolicy: UpdatePolicySchema.optional(),
  })
  .refine(
    (request) =>
      request.name !== undefined ||
      request.thresholds !== undefined ||
      request.muted !== undefined ||
      request.updatePolicy !== undefined,
    { error: 'Nothing to update' },
  );
export type UpdateDeviceRequest = z.input<typeof UpdateDeviceRequestSchema>;

export const UpdateDeviceResponseSchema = z.object({ device: DeviceViewSchema });
export type UpdateDeviceResponse = z.infer<typeof UpdateDeviceResponseSchema>;

export const updateDeviceContract = defineContract({
  name: 'updateDevice',
  summary:
    'Renames a device, sets its alert thresholds per metric, mutes it, or sets how it takes firmware updates (owner or admin).',
  caller: 'device-owner-or-admin',
  request: UpdateDeviceRequestSchema,
  response: UpdateDeviceResponseSchema,
  errors: {
    'invalid-argument':
      'A threshold for a metric the model lacks, a bound outside the metric’s range, `min` not ' +
      'below `max`, or a hysteresis not smaller than `max − min`; ' +
      '`details.fieldErrors["thresholds.<metric>"]` names each.',
  },
});
