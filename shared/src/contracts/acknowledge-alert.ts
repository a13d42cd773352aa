import * as z from 'zod';
import { defineContract } from '../contract.ts';
import { DeviceIdSchema } from '../schemas/device-requests.ts';
import { AlertLifecycleSchema } from '../schemas/telemetry.ts';

export const AcknowledgeAlertRequestSchema = z.strictObject({
  deviceId: DeviceIdSchema,
  alertId: z.string().regex(/^[a-z0-9]{1,32}-(max|min|low)-\d{1,9}$/, 'Expected an alert id'),
});
export type AcknowledgeAlertRequest = z.input<typeof AcknowledgeAlertRequestSchema>;

export const AcknowledgeAlertResponseSchema = z.object({
  /** The alert's state afterwards: `acknowledged`, or `cleared` when it had already cleared. */
  state: AlertLifecycleSchema,
  /** False when nothing changed (already acknowledged or cleared). */
  changed: z.boolean(),
});
export type AcknowledgeAlertResponse = z.infer<typeof AcknowledgeAlertResponseSchema>;

export const acknowledgeAlertContract = defineContract({
  name: 'acknowledgeAlert',
  summary:
    'Marks an active alert acknowledged (any member). Repeating it, or acknowledging an alert ' +
    'that has cleared, changes nothing.',
  caller: 'device-member',
  request: AcknowledgeAlertRequestSchema,
  response: AcknowledgeAlertResponseSchema,
  errors: { 'not-found': 'No such alert on this device, or the caller is not a member.' },
});
