import * as z from 'zod';
import { defineContract } from '../contract.ts';
import { DeviceIdSchema } from '../schemas/device-requests.ts';
import { MetricNameSchema } from '../schemas/telemetry.ts';

export const HistoryBucketSchema = z.enum(['raw', '5m', '1h', '1d']);
export type HistoryBucket = z.infer<typeof HistoryBucketSchema>;

/** The longest range each bucket may span: raw readings for 48 h, hourly rollups for 400 days. */
export const HISTORY_MAX_RANGE_MS = {
  raw: 48 * 60 * 60 * 1000,
  '5m': 48 * 60 * 60 * 1000,
  '1h': 400 * 24 * 60 * 60 * 1000,
  '1d': 400 * 24 * 60 * 60 * 1000,
} as const satisfies Record<HistoryBucket, number>;

/** `raw` answers at most this many points (the earliest ones) and says it was truncated. */
export const HISTORY_RAW_MAX_POINTS = 2000;

export const GetReadingHistoryRequestSchema = z
  .strictObject({
    deviceId: DeviceIdSchema,
    metric: MetricNameSchema,
    /** Inclusive; buckets start at `from` rounded down to the bucket. */
    from: z.iso.datetime({ offset: true }),
    /** Exclusive. */
    to: z.iso.datetime({ offset: true }),
    bucket: HistoryBucketSchema,
  })
  .refine((request) => Date.parse(request.from) < Date.parse(request.to), {
    error: '`from` must be before `to`',
    path: ['to'],
  })
  .refine(
    (request) =>
      Date.parse(request.to) - Date.parse(request.from) <= HISTORY_MAX_RANGE_MS[request.bucket],
    {
      error: 'The range is too long for this bucket (48 h for raw and 5m, 400 days for 1h and 1d)',
      path: ['to'],
    },
  );
export type GetReadingHistoryRequest = z.input<typeof GetReadingHistoryRequestSchema>;

/** One bucket (or one reading, for `raw`): its start, and min, max, mean and count of its values. */
export const HistoryPointSchema = z.object({
  t: z.iso.datetime(),
  min: z.number(),
  max: z.number(),
  avg: z.number(),
  count: z.number().int().positive(),
});
export type HistoryPoint = z.infer<typeof HistoryPointSchema>;

export const GetReadingHistoryResponseSchema = z.object({
  /** In time order; buckets without readings are left out. */
  points: z.array(HistoryPointSchema),
  /** `1d` only: the caller's profile time zone the days were cut in; null otherwise. */
  timeZone: z.string().nullable(),
  /** True when `raw` had more than 2,000 readings in the range (the earliest 2,000 are answered). */
  truncated: z.boolean(),
});
export type GetReadingHistoryResponse = z.infer<typeof GetReadingHistoryResponseSchema>;

export const getReadingHistoryContract = defineContract({
  name: 'getReadingHistory',
  summary:
    'Chart points of one metric (any member): raw readings or 5-minute buckets over up to 48 h, ' +
    'hourly or daily buckets (days in the caller’s time zone) over up to 400 days.',
  caller: 'device-member',
  request: GetReadingHistoryRequestSchema,
  response: GetReadingHistoryResponseSchema,
  errors: {
    'invalid-argument': 'The device’s model has no such metric (`details.fieldErrors.metric`).',
    'resource-exhausted':
      'More than 120 charts by the caller in a minute; `details.retryAfterSeconds` says when to retry.',
  },
});
