import { FieldPath, Timestamp } from 'firebase-admin/firestore';
import type { QueryDocumentSnapshot } from 'firebase-admin/firestore';
import { HISTORY_RAW_MAX_POINTS, metricsOf } from '@gadget/shared';
import type {
  Device,
  GetReadingHistoryResponse,
  HistoryBucket,
  HistoryPoint,
  MetricAggregate,
} from '@gadget/shared';

import { invalidArgument } from '../../errors.ts';
import { consumeRateLimit } from '../limits/rate-limits.ts';
import type { RateLimit } from '../limits/rate-limits.ts';
import { requireRole } from '../devices/device-access.ts';
import { DAY_MS, HOUR_MS, hourStart, localDate, localMidnight } from './hours.ts';
import { rollUp } from './rollup.ts';
import { collections } from '../../data/collections.ts';
import { untyped } from '../../data/untyped.ts';

export interface HistoryQuery {
  readonly deviceId: string;
  readonly metric: string;
  readonly from: Date;
  readonly to: Date;
  readonly bucket: HistoryBucket;
}

const FIVE_MINUTES_MS = 5 * 60 * 1000;

/** Charts per user per minute: a dashboard shows a few; a loop fetching 48 h ones is cut short. */
export function historyRateLimit(uid: string): RateLimit {
  return { key: `history:${uid}`, limit: 120, windowMs: 60_000 };
}

/**
 * `getReadingHistory` for a member, at one read per document a chart must touch. `raw` and `5m`
 * read the hour documents of the range (the callable bounds them to 48 h), only the asked
 * metric's column or the 5-minute slices. `1h` and `1d` need hour aggregates only: the last week's
 * come with the device (its `recentHours`, read for the membership check anyway), older ones from
 * one daily document per UTC day, so a year-long chart costs about one read per day. Points are
 * in time order and empty buckets are left out.
 *
 * `1d` cuts days at midnight in the caller's profile time zone. Aggregates are per UTC hour, so in
 * zones whose offset is not a whole hour an hour counts towards the day its start falls in.
 */
export async function readingHistory(
  uid: string,
  query: HistoryQuery,
  now: Date = new Date(),
): Promise<GetReadingHistoryResponse> {
  const { device } = requireRole(
    (await collections.devices().doc(query.deviceId).get()).data(),
    uid,
    ['owner', 'admin', 'viewer'],
  );
  // Counted before the reads it guards (up to 49 for a 48 h chart): one read, one write.
  await consumeRateLimit(historyRateLimit(uid), now, 'Too many charts. Try again in a minute.');
  if (!Object.hasOwn(metricsOf(device.model), query.metric)) {
    throw invalidArgument(`The ${device.model} has no ${query.metric} metric.`, {
      formErrors: [],
      fieldErrors: { metric: [`Not a metric of the ${device.model}.`] },
    });
  }
  switch (query.bucket) {
    case 'raw':
      return rawPoints(query);
    case '5m':
      return { points: await fiveMinutePoints(query), timeZone: null, truncated: false };
    case '1h': {
      const hours = await hourAggregates(device, query, hourStart(query.from));
      return { points: rollUp(hours), timeZone: null, truncated: false };
    }
    case '1d': {
      const profile = (await collections.users().doc(uid).get()).data();
      const timeZone = profile?.timeZone ?? 'UTC';
      return { points: await dayPoints(device, query, timeZone), timeZone, truncated: false };
    }
  }
}

/** The hour documents of the range, with only `fields` fetched. */
async function hourDocs(
  query: HistoryQuery,
  from: Date,
  ...fields: (string | FieldPath)[]
): Promise<QueryDocumentSnapshot[]> {
  const snapshot = await untyped
    .hours(query.deviceId)
    .where('hour', '>=', Timestamp.fromDate(hourStart(from)))
    .where('hour', '<', Timestamp.fromDate(query.to))
    .orderBy('hour')
    .select('hour', ...fields)
    .get();
  return snapshot.docs;
}

function hourOf(doc: QueryDocumentSnapshot): number {
  const hour: unknown = doc.get('hour');
  return hour instanceof Timestamp ? hour.toMillis() : Number.NaN;
}

async function rawPoints(query: HistoryQuery): Promise<GetReadingHistoryResponse> {
  const points: { t: number; value: number }[] = [];
  const docs = await hourDocs(query, query.from, 'offsets', new FieldPath('values', query.metric));
  for (const doc of docs) {
    const hour = hourOf(doc);
    const offsets: unknown = doc.get('offsets');
    const column: unknown = doc.get(new FieldPath('values', query.metric));
    if (!Array.isArray(offsets) || !Array.isArray(column)) continue;
    offsets.forEach((offset: unknown, i) => {
      const value: unknown = column[i];
      const t = hour + Number(offset);
      if (typeof value === 'number' && t >= query.from.getTime() && t < query.to.getTime()) {
        points.push({ t, value });
      }
    });
  }
  // Each hour's readings are stored in arrival order; the hours come in order.
  points.sort((a, b) => a.t - b.t);
  return {
    points: points.slice(0, HISTORY_RAW_MAX_POINTS).map(({ t, value }) => ({
      t: new Date(t).toISOString(),
      min: value,
      max: value,
      avg: value,
      count: 1,
    })),
    timeZone: null,
    truncated: points.length > HISTORY_RAW_MAX_POINTS,
  };
}

/** Whole 5-minute slices from the one that holds `from` to the one that holds `to`. */
async function fiveMinutePoints(query: HistoryQuery): Promise<HistoryPoint[]> {
  const from = Math.floor(query.from.getTime() / FIVE_MINUTES_MS) * FIVE_MINUTES_MS;
  const bySlice: [number, MetricAggregate][] = [];
  const snapshot = await collections
    .hourSlices(query.deviceId)
    .where('hour', '>=', Timestamp.fromDate(hourStart(new Date(from))))
    .where('hour', '<', Timestamp.fromDate(query.to))
    .orderBy('hour')
    .get();
  for (const doc of snapshot.docs) {
    const { hour, slices } = doc.data();
    for (const [slice, metrics] of Object.entries(slices)) {
      const start = hour.getTime() + Number(slice) * FIVE_MINUTES_MS;
      const aggregate = metrics[query.metric];
      if (aggregate !== undefined && start >= from && start < query.to.getTime()) {
        bySlice.push([start, aggregate]);
      }
    }
  }
  return rollUp(bySlice);
}

/**
 * The metric's aggregate per UTC hour from `from` to the query's end: the device's recent hours,
 * and the daily documents only when the range starts before the oldest recent day (the days
 * before it have all been moved to `days/`).
 */
async function hourAggregates(
  device: Device,
  query: HistoryQuery,
  from: Date,
): Promise<Map<number, MetricAggregate>> {
  const start = from.getTime();
  const end = query.to.getTime();
  const hours = new Map<number, MetricAggregate>();
  const keep = (hour: number, aggregate: MetricAggregate | undefined) => {
    if (aggregate !== undefined && aggregate.count > 0 && hour >= start && hour < end) {
      hours.set(hour, aggregate);
    }
  };
  const since = device.recentSince ?? null;
  const firstRecentDay = since === null ? Infinity : Math.floor(since.getTime() / DAY_MS) * DAY_MS;
  if (start < firstRecentDay) {
    const snapshot = await collections
      .dayHours(query.deviceId)
      .where('day', '>=', Timestamp.fromMillis(Math.floor(start / DAY_MS) * DAY_MS))
      .where('day', '<', Timestamp.fromMillis(end))
      .orderBy('day')
      .get();
    for (const doc of snapshot.docs) {
      const { day, hours: dayHours } = doc.data();
      for (const [hour, metrics] of Object.entries(dayHours)) {
        keep(day.getTime() + Number(hour) * HOUR_MS, metrics[query.metric]);
      }
    }
  }
  // Recent hours last: an hour moved to its day and then reached again is newest here.
  for (const [key, metrics] of Object.entries(device.recentHours ?? {})) {
    keep(Date.parse(`${key}:00:00Z`), metrics[query.metric]);
  }
  return hours;
}

async function dayPoints(
  device: Device,
  query: HistoryQuery,
  timeZone: string,
): Promise<HistoryPoint[]> {
  const from = localMidnight(localDate(query.from, timeZone), timeZone);
  const byDay: [number, MetricAggregate][] = [];
  const midnights = new Map<string, number>();
  for (const [hour, aggregate] of await hourAggregates(device, query, hourStart(from))) {
    const day = localDate(new Date(hour), timeZone);
    let start = midnights.get(day);
    if (start === undefined) {
      start = localMidnight(day, timeZone).getTime();
      midnights.set(day, start);
    }
    byDay.push([start, aggregate]);
  }
  return rollUp(byDay);
}
