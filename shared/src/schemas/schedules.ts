import * as z from 'zod';
import { LIMITS } from '../limits.ts';
import { DeviceIdSchema, UidSchema } from './device-requests.ts';
import { TimeZoneSchema } from './locale.ts';

/** Ranges of the four fields after the minute: hour, day of month, month, day of week (7 = Sunday). */
const FIELD_RANGES: readonly (readonly [number, number])[] = [
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7],
];

/**
 * A unix cron expression of 5 fields that fires at most once an hour: the minute is one number, the
 * other fields take `*`, numbers, ranges, lists and steps (no names). Cloud Scheduler accepts more;
 * this is the subset reminders need and the apps offer.
 */
export function isHourlyOrRarerCron(expression: string): boolean {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) return false;
  const [minute, ...rest] = fields;
  if (minute === undefined || !/^\d{1,2}$/.test(minute) || Number(minute) > 59) return false;
  return rest.every((field, index) => {
    const range = FIELD_RANGES[index];
    return range !== undefined && isCronField(field, range[0], range[1]);
  });
}

function isCronField(field: string, min: number, max: number): boolean {
  return field.split(',').every((part) => {
    const match = /^(\*|(\d{1,2})(?:-(\d{1,2}))?)(?:\/(\d{1,2}))?$/.exec(part);
    if (match === null) return false;
    const [, , from, to, step] = match;
    const inRange = (value: string | undefined) =>
      value === undefined || (Number(value) >= min && Number(value) <= max);
    if (!inRange(from) || !inRange(to)) return false;
    if (from !== undefined && to !== undefined && Number(from) > Number(to)) return false;
    return step === undefined || Number(step) >= 1;
  });
}

export const CronSchema = z.string().max(100).refine(isHourlyOrRarerCron, {
  error: 'Expected a 5-field cron expression firing at most once an hour (a single minute)',
});

export const ScheduleMessageSchema = z.string().trim().min(1).max(LIMITS.scheduleMessageMaxLength);

export const ScheduleIdSchema = z.string().regex(/^[A-Za-z0-9]{1,64}$/, 'Expected a schedule id');

export const ScheduleKindSchema = z.enum(['reminder']);

/** `schedules/{scheduleId}`: a user's reminder; `jobName` is its Cloud Scheduler job. */
export const ScheduleSchema = z.object({
  ownerUid: UidSchema,
  deviceId: DeviceIdSchema.nullable(),
  kind: ScheduleKindSchema,
  cron: z.string(),
  timeZone: TimeZoneSchema,
  message: z.string(),
  jobName: z.string(),
  paused: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type Schedule = z.infer<typeof ScheduleSchema>;

/** A schedule as the callables return it. */
export const ScheduleViewSchema = z.object({
  id: ScheduleIdSchema,
  kind: ScheduleKindSchema,
  deviceId: DeviceIdSchema.nullable(),
  cron: z.string(),
  timeZone: z.string(),
  message: z.string(),
  paused: z.boolean(),
  /** ISO 8601; null when paused. */
  nextRunAt: z.iso.datetime().nullable(),
});
export type ScheduleView = z.infer<typeof ScheduleViewSchema>;
