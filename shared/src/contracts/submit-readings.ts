import * as z from 'zod';
import { defineContract } from '../contract.ts';
import { DeviceIdSchema } from '../schemas/device-requests.ts';
import { ReadingsBatchSchema, SubmissionResultSchema } from '../schemas/telemetry.ts';

export const SubmitReadingsRequestSchema = z.strictObject({
  deviceId: DeviceIdSchema,
  /**
   * 1–500 readings `{id, ts, values}`: ids unique in the batch, `[A-Za-z0-9_-]{1,64}`; `ts` within
   * the last 7 days and at most 5 minutes ahead; only the model's metrics, within their ranges.
   */
  readings: ReadingsBatchSchema,
});
export type SubmitReadingsRequest = z.input<typeof SubmitReadingsRequestSchema>;

export const SubmitReadingsResponseSchema = SubmissionResultSchema;
export type SubmitReadingsResponse = z.infer<typeof SubmitReadingsResponseSchema>;

export const submitReadingsContract = defineContract({
  name: 'submitReadings',
  summary:
    'Stores readings the app relays from a gadget (owner or admin; viewers only read). ' +
    'Idempotent per reading id: a ' +
    'repeated batch stores nothing twice and reports the repeats as duplicates.',
  caller: 'device-owner-or-admin',
  request: SubmitReadingsRequestSchema,
  response: SubmitReadingsResponseSchema,
  errors: {
    'invalid-argument':
      'A bad reading refuses the whole batch; `details.fieldErrors["readings.<index>"]` lists ' +
      'the reasons for every bad reading.',
    'resource-exhausted':
      'An hour of this device already holds the most readings it can keep, or the device had ' +
      'more submissions this minute than `SUBMIT_RATE_LIMIT_PER_MINUTE` (30 by default); ' +
      '`details.retryAfterSeconds` says when to try again.',
  },
});
