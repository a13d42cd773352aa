import * as z from 'zod';
import { defineContract } from '../contract.ts';
import { DeviceIdSchema } from '../schemas/device-requests.ts';
import {
  DesiredVersionSchema,
  SettingValueSchema,
  SettingValuesSchema,
} from '../schemas/device-control.ts';

export const SetDeviceSettingsRequestSchema = z.strictObject({
  deviceId: DeviceIdSchema,
  /**
   * Settings of the device's model (`DEVICE_MODELS[model].settings`), each within its range and
   * understood by the firmware the gadget last reported; settings not named keep their value.
   */
  values: SettingValuesSchema.refine((values) => Object.keys(values).length > 0, {
    error: 'Name at least one setting',
  }),
  /**
   * The desired version the app showed the person. When the settings changed since (someone
   * else, or the gadget itself), the call answers `failed-precondition` and changes nothing.
   */
  expectedVersion: DesiredVersionSchema.optional(),
});
export type SetDeviceSettingsRequest = z.input<typeof SetDeviceSettingsRequestSchema>;

export const SetDeviceSettingsResponseSchema = z.object({
  /** The new desired version. */
  version: DesiredVersionSchema,
  /** Every desired setting after this change. */
  values: z.record(z.string(), SettingValueSchema),
  /** Settings the gadget has yet to apply (this change's, and any still pending before). */
  pendingKeys: z.array(z.string()),
});
export type SetDeviceSettingsResponse = z.infer<typeof SetDeviceSettingsResponseSchema>;

export const setDeviceSettingsContract = defineContract({
  name: 'setDeviceSettings',
  summary:
    'Changes settings the gadget applies (owner or admin): versioned, delivered on the gadget’s next call, applied in the order set.',
  caller: 'device-owner-or-admin',
  request: SetDeviceSettingsRequestSchema,
  response: SetDeviceSettingsResponseSchema,
  errors: {
    'invalid-argument':
      'a setting the model lacks, a value out of range, or a setting newer than the firmware the gadget reports; `details.fieldErrors["values.<name>"]` names each',
    'failed-precondition':
      '`expectedVersion` is not the current version; the message says who changed the settings and when',
  },
});
