import * as z from 'zod';
import { LIMITS } from '../limits.ts';
import { checkedByService } from '../service-checked.ts';

/** How far from the server's clock a reading's `ts` may be: a week of backlog, 5 min of skew. */
export const READING_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;
export const READING_MAX_FUTURE_MS = 5 * 60 * 1000;

/** Battery low opens at or below `openAt` % and clears at or above `clearAt` %. */
export const BATTERY_LOW_RULE = { metric: 'battery', openAt: 15, clearAt: 20 } as const;

/** A cleared alert that crosses again within this window reopens instead of opening a new one. */
export const ALERT_REOPEN_WINDOW_MS = 10 * 60 * 1000;

export const MetricNameSchema = z.string().regex(/^[a-z0-9]{1,32}$/, 'Expected a metric name');

export const ReadingIdSchema = z
  .string()
  .regex(LIMITS.readingIdPattern, 'Expected 1–64 characters of A–Z, a–z, 0–9, _ or -');

/** The most metrics one reading may carry. */
export const READING_MAX_METRICS = 10;

const MINUTE_MS = 60 * 1000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/**
 * One reading as the app or the gadget sends it. The model's metrics, their ranges and the time
 * window are checked by the telemetry service, which knows the device and the clock; the
 * descriptions and `x-` keywords say so in the JSON Schemas the apps read.
 */
export const ReadingInputSchema = z.strictObject({
  id: ReadingIdSchema.meta({
    description:
      'Chosen by the sender, unique in the batch. A reading whose id the device already stored is counted as a duplicate and stored once.',
  }),
  /** ISO 8601 with an offset or `Z`, e.g. `2025-01-31T08:15:00Z`. */
  ts: z.iso.datetime({ offset: true }).meta({
    description: `When the reading was taken: ISO 8601 with an offset or \`Z\`, e.g. \`2025-01-31T08:15:00Z\`. At most ${String(READING_MAX_FUTURE_MS / MINUTE_MS)} minutes ahead of the server's clock and at most ${String(READING_MAX_AGE_MS / DAY_MS)} days old.`,
    'x-max-future-seconds': READING_MAX_FUTURE_MS / 1000,
    'x-max-age-seconds': READING_MAX_AGE_MS / 1000,
  }),
  values: z
    .record(MetricNameSchema, z.number())
    .refine((values) => Object.keys(values).length > 0, { error: 'Expected at least one metric' })
    .refine((values) => Object.keys(values).length <= READING_MAX_METRICS, {
      error: `At most ${String(READING_MAX_METRICS)} metrics`,
    })
    .meta({
      description:
        "Metric → value: only metrics of the device's model, each within its range (the table of each model's metrics in docs/API.md, `shared/schemas/models/{model}.metrics.json`).",
      minProperties: 1,
      maxProperties: READING_MAX_METRICS,
    }),
});
export type ReadingInput = z.infer<typeof ReadingInputSchema>;

/**
 * A batch of readings. Each element is checked one by one by the telemetry service against
 * `ReadingInputSchema` and the device's model, so a bad batch is refused with the index and the
 * reason of every bad reading (`invalid-argument`, `details.fieldErrors['readings.<index>']`),
 * which a schema error here could not say.
 */
export const ReadingsBatchSchema = z
  .array(checkedByService(ReadingInputSchema))
  .min(1)
  .max(LIMITS.readingsPerSubmission);

/** `{accepted, duplicates}`: readings stored now, and readings already stored before. */
export const SubmissionResultSchema = z.object({
  accepted: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
});
export type SubmissionResult = z.infer<typeof SubmissionResultSchema>;

/** Firmware versions are plain `major.minor.patch`. */
export const FirmwareVersionSchema = z
  .string()
  .regex(/^\d{1,4}\.\d{1,4}\.\d{1,4}$/, 'Expected a version such as 1.4.0');

/**
 * `status.firmware` on a device: the version it runs, as it last reported. Whether an update waits
 * for it is its `ota/current` document's business.
 */
export const FirmwareStatusSchema = z.object({ version: FirmwareVersionSchema });
export type FirmwareStatus = z.infer<typeof FirmwareStatusSchema>;

/** Per metric of one hour: count, sum, min and max of the readings counted. */
export const MetricAggregateSchema = z.object({
  count: z.number().int().nonnegative(),
  sum: z.number(),
  min: z.number(),
  max: z.number(),
});
export type MetricAggregate = z.infer<typeof MetricAggregateSchema>;

/** Per metric: the aggregate of one hour (or one 5-minute slice) of readings. */
export const MetricAggregatesSchema = z.record(z.string(), MetricAggregateSchema);
export type MetricAggregates = z.infer<typeof MetricAggregatesSchema>;

/**
 * `devices/{id}/hours/{yyyy-MM-ddTHH}` (UTC hour): the hour's readings, column by column, in the
 * order they arrived. Reading `i` is `ids[i]` at `hour + offsets[i]` ms, with `values[metric][i]`
 * (null when it did not carry that metric). A chart or a submission touches one document per
 * hour, not one per reading; the columns are exempt from indexing (firestore.indexes.json), so
 * they cost no index entries. `metrics` aggregates the hour, `slices['0'..'11']` its 5-minute
 * slices, so `1h` and `5m` charts never decode the columns.
 */
export const HourDocSchema = z.object({
  hour: z.date(),
  count: z.number().int().nonnegative(),
  ids: z.array(z.string()),
  offsets: z.array(z.number().int().nonnegative()),
  values: z.record(z.string(), z.array(z.number().nullable())),
  metrics: MetricAggregatesSchema,
  slices: z.record(z.string(), MetricAggregatesSchema),
  /** For the TTL policy: the hour's end plus the reading retention. */
  expireAt: z.date(),
});
export type HourDoc = z.infer<typeof HourDocSchema>;

/**
 * `devices/{id}/days/{yyyy-MM-dd}` (UTC day): the aggregates of each hour of a day no reading can
 * reach any more (`hours['00'..'23']`), moved out of the device's `recentHours` by nightly
 * maintenance. `1h` and `1d` charts over long ranges read one of these per day.
 */
export const DayDocSchema = z.object({
  day: z.date(),
  hours: z.record(z.string(), MetricAggregatesSchema),
  /** For the TTL policy: kept 400 days. */
  expireAt: z.date(),
});
export type DayDoc = z.infer<typeof DayDocSchema>;

export const AlertSeveritySchema = z.enum(['warning', 'critical']);
export type AlertSeverity = z.infer<typeof AlertSeveritySchema>;

export const AlertLifecycleSchema = z.enum(['active', 'acknowledged', 'cleared']);
export type AlertLifecycle = z.infer<typeof AlertLifecycleSchema>;

/** `<metric>-max`, `<metric>-min` (user thresholds) and `battery-low`. */
export const AlertRuleIdSchema = z.string().regex(/^[a-z0-9]{1,32}-(max|min|low)$/);

/**
 * `devices/{id}/alerts/{ruleId}-{seq}`: the id is deterministic (rule and the rule's sequence in
 * the device's `alertState`), so a repeated submission can never open a second one.
 */
export const AlertSchema = z.object({
  rule: AlertRuleIdSchema,
  metric: z.string(),
  /** The bound that was crossed (max, min, or the battery level that opens the rule). */
  threshold: z.number(),
  severity: AlertSeveritySchema,
  state: AlertLifecycleSchema,
  openedAt: z.date(),
  value: z.number(),
  acknowledgedBy: z.string().nullable(),
  acknowledgedAt: z.date().nullable(),
  clearedAt: z.date().nullable(),
  clearedValue: z.number().nullable(),
  /** How many times it came back within the reopen window after clearing. */
  reopenCount: z.number().int().nonnegative(),
  /** For the TTL policy: 90 days after it cleared. */
  expireAt: z.date().nullable(),
});
export type Alert = z.infer<typeof AlertSchema>;

/** One rule's evaluation state on the device. */
export const AlertRuleStateSchema = z.object({
  /** Alerts this rule has opened so far; the newest has id `{rule}-{seq}`. */
  seq: z.number().int().nonnegative(),
  open: z.boolean(),
  severity: AlertSeveritySchema,
  /** When the newest alert cleared (reading time), for the reopen window. */
  clearedAt: z.date().nullable(),
});
export type AlertRuleState = z.infer<typeof AlertRuleStateSchema>;

/**
 * `devices/{id}.alertState`: readings are evaluated in `ts` order, and one older than
 * `evaluatedUntil` changes nothing.
 */
export const AlertStateSchema = z.object({
  evaluatedUntil: z.date().nullable(),
  rules: z.record(z.string(), AlertRuleStateSchema),
});
export type AlertState = z.infer<typeof AlertStateSchema>;

/** `devices/{id}.lastTransition`: the latest online/offline change, numbered so it is handled once. */
export const StatusTransitionSchema = z.object({
  kind: z.enum(['online', 'offline']),
  at: z.date(),
  seq: z.number().int().positive(),
});
export type StatusTransition = z.infer<typeof StatusTransitionSchema>;
