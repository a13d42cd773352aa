import * as z from 'zod';
import { LIMITS } from '../limits.ts';
import { SerialSchema } from './device.ts';

/** Building blocks of the device and sharing requests; bounded so no request can be oversized. */

/** Firestore auto-ids; never a path (no slash), so a request cannot point at another document. */
export const DeviceIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Expected a device id');

/** A Firebase Auth uid: at most 128 characters, never a slash. */
export const UidSchema = z.string().regex(/^[^/]{1,128}$/, 'Expected a user id');

/** Serials as printed; case and surrounding spaces do not matter. */
export const SerialInputSchema = z
  .string()
  .max(64)
  .transform((value) => value.trim().toUpperCase())
  .pipe(SerialSchema);

export const DeviceNameInputSchema = z.string().trim().min(1).max(LIMITS.deviceNameMaxLength);

/** A metric's thresholds as sent; checked against the device's model by the service. */
export const ThresholdInputSchema = z.strictObject({
  min: z.number().optional(),
  max: z.number().optional(),
  hysteresis: z.number().nonnegative().optional(),
});
export type ThresholdInput = z.infer<typeof ThresholdInputSchema>;

const MAX_METRICS_PER_UPDATE = 10;

/** Per metric: thresholds replace that metric's, `null` clears them; other metrics are untouched. */
export const ThresholdsInputSchema = z
  .record(
    z.string().regex(/^[a-z0-9]{1,32}$/, 'Expected a metric name'),
    ThresholdInputSchema.nullable(),
  )
  .refine((value) => Object.keys(value).length <= MAX_METRICS_PER_UPDATE, {
    error: `At most ${String(MAX_METRICS_PER_UPDATE)} metrics per update`,
  });
