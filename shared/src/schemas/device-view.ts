import * as z from 'zod';
import { UpdatePolicySchema } from './firmware-updates.ts';
import { DeviceModelIdSchema } from '../device-models.ts';
import { MetricValuesSchema, RoleSchema, SerialSchema, ThresholdSchema } from './device.ts';

/** A device as members receive it from callables: timestamps as ISO 8601 strings, plus their role. */
export const DeviceViewSchema = z.object({
  deviceId: z.string(),
  /** Null for viewers: a serial and its label's code are what claiming takes. */
  serial: SerialSchema.nullable(),
  model: DeviceModelIdSchema,
  name: z.string(),
  ownerUid: z.string(),
  /** The caller's own role on the device. */
  role: RoleSchema,
  members: z.record(z.string(), RoleSchema),
  memberSince: z.record(z.string(), z.iso.datetime()),
  thresholds: z.record(z.string(), ThresholdSchema),
  muted: z.boolean(),
  /** How the household takes firmware updates: as they come, or after `approveUpdate`. */
  updatePolicy: UpdatePolicySchema,
  status: z.object({
    online: z.boolean(),
    lastSeenAt: z.iso.datetime().nullable(),
    battery: z.number().nullable(),
    firmware: z.object({ version: z.string() }).nullable(),
  }),
  latest: z.object({ ts: z.iso.datetime(), values: MetricValuesSchema }).nullable(),
  createdAt: z.iso.datetime(),
});
export type DeviceView = z.infer<typeof DeviceViewSchema>;
