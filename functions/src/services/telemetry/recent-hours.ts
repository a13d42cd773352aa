import { FieldValue } from 'firebase-admin/firestore';
import { READING_MAX_AGE_MS } from '@gadget/shared';
import type { DayDoc, Device, MetricAggregates } from '@gadget/shared';
import { DAY_MS, HOUR_MS } from './hours.ts';

/** Daily documents are kept this long (their `expireAt`, for the TTL policy on days). */
export const DAY_RETENTION_DAYS = 400;

/**
 * The device fields that keep the aggregates of the hours a submission touched. The device is
 * written by every submission, so these ride along at no extra write.
 */
export function recentHoursUpdate(
  device: Device,
  touched: ReadonlyMap<string, { readonly hour: Date; readonly metrics: MetricAggregates }>,
): Record<string, unknown> {
  const update: Record<string, unknown> = {};
  let since = device.recentSince ?? null;
  for (const [key, { hour, metrics }] of touched) {
    update[`recentHours.${key}`] = metrics;
    if (since === null || hour < since) since = hour;
  }
  if (since !== (device.recentSince ?? null)) update.recentSince = since;
  return update;
}

/**
 * Hours before this instant lie in UTC days no reading can reach any more (readings older than
 * READING_MAX_AGE_MS are refused): their aggregates are final and may move to `days/`.
 */
export function closedBefore(now: Date): Date {
  return new Date(Math.floor((now.getTime() - READING_MAX_AGE_MS) / DAY_MS) * DAY_MS);
}

export interface ClosedDays {
  /** Per UTC day (`yyyy-MM-dd`), what to merge into its day document. */
  readonly days: Map<string, DayDoc>;
  /** The device update that drops those hours from `recentHours`. */
  readonly deviceUpdate: Record<string, unknown>;
}

/**
 * The device's recent hours that lie in closed days, as day documents and the device update that
 * removes them. The day documents are merged hour by hour: each hour's aggregate is whole, so
 * moving an hour twice (a retried or repeated run) writes the same values again.
 */
export function closeDays(device: Device, before: Date): ClosedDays {
  const days = new Map<string, DayDoc>();
  const deviceUpdate: Record<string, unknown> = {};
  let since: Date | null = null;
  for (const [key, metrics] of Object.entries(device.recentHours ?? {})) {
    const hour = new Date(`${key}:00:00Z`);
    if (hour >= before) {
      if (since === null || hour < since) since = hour;
      continue;
    }
    const dayKey = key.slice(0, 10);
    let day = days.get(dayKey);
    if (day === undefined) {
      const start = new Date(`${dayKey}T00:00:00Z`);
      day = {
        day: start,
        hours: {},
        expireAt: new Date(start.getTime() + DAY_RETENTION_DAYS * DAY_MS),
      };
      days.set(dayKey, day);
    }
    day.hours[key.slice(11, 13)] = metrics;
    deviceUpdate[`recentHours.${key}`] = FieldValue.delete();
  }
  if (days.size > 0) deviceUpdate.recentSince = since;
  return { days, deviceUpdate };
}

/** The hour aggregates a day document holds, keyed by each hour's start (ms). */
export function dayHours(day: DayDoc): Map<number, MetricAggregates> {
  return new Map(
    Object.entries(day.hours).map(([hour, metrics]) => [
      day.day.getTime() + Number(hour) * HOUR_MS,
      metrics,
    ]),
  );
}
