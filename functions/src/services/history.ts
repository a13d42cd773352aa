import { FieldPath, Timestamp } from 'firebase-admin/firestore';
import type { QueryDocumentSnapshot } from 'firebase-admin/firestore';
import { COLLECTIONS, HISTORY_RAW_MAX_POINTS, metricsOf } from '@gadget/shared';
import type { GetReadingHistoryResponse, HistoryBucket, HistoryPoint } from '@gadget/shared';
import { collections, db } from '../admin.ts';
import { invalidArgument } from '../errors.ts';
import { requireRole } from './device-access.ts';
import { hourStart, localDate, localMidnight } from './telemetry/hours.ts';

export interface HistoryQuery {
  readonly deviceId: string;
  readonly metric: string;
  readonly from: Date;
  readonly to: Date;
  readonly bucket: HistoryBucket;
}

const FIVE_MINUTES_MS = 5 * 60 * 1000;

interface Aggregate {
  count: number;
  sum: number;
  min: number;
  max: number;
}

/**
 * `getReadingHistory` for a member. `raw` and `5m` read the readings (the callable bounds them to
 * 48 h), `1h` and `1d` the hourly rollups (up to 400 days), so a year-long chart costs at most one
 * read per hour that had readings. Only the asked metric's fields are fetched. Points are in time
 * order and empty buckets are left out.
 *
 * `1d` cuts days at midnight in the caller's profile time zone. Rollups are UTC hours, so in zones
 * whose offset is not a whole hour an hour counts towards the day its start falls in.
 */
export async function readingHistory(
  uid: string,
  query: HistoryQuery,
): Promise<GetReadingHistoryResponse> {
  const { device } = requireRole(
    (await collections.devices().doc(query.deviceId).get()).data(),
    uid,
    ['owner', 'admin', 'viewer'],
  );
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
    case '1h':
      return { points: await hourPoints(query), timeZone: null, truncated: false };
    case '1d': {
      const profile = (await collections.users().doc(uid).get()).data();
      const timeZone = profile?.timeZone ?? 'UTC';
      return { points: await dayPoints(query, timeZone), timeZone, truncated: false };
    }
  }
}

function readingsQuery(query: HistoryQuery, from: Date) {
  return db()
    .collection(COLLECTIONS.devices)
    .doc(query.deviceId)
    .collection(COLLECTIONS.readings)
    .where('ts', '>=', Timestamp.fromDate(from))
    .where('ts', '<', Timestamp.fromDate(query.to))
    .orderBy('ts')
    .select('ts', new FieldPath('values', query.metric));
}

function rollupsQuery(query: HistoryQuery, from: Date) {
  return db()
    .collection(COLLECTIONS.devices)
    .doc(query.deviceId)
    .collection(COLLECTIONS.rollups)
    .where('hour', '>=', Timestamp.fromDate(from))
    .where('hour', '<', Timestamp.fromDate(query.to))
    .orderBy('hour')
    .select('hour', new FieldPath('metrics', query.metric));
}

function readingValue(
  doc: QueryDocumentSnapshot,
  metric: string,
): { t: Date; value: number } | null {
  const value: unknown = doc.get(new FieldPath('values', metric));
  const ts: unknown = doc.get('ts');
  if (typeof value !== 'number' || !(ts instanceof Timestamp)) return null;
  return { t: ts.toDate(), value };
}

function rollupAggregate(
  doc: QueryDocumentSnapshot,
  metric: string,
): { t: Date; aggregate: Aggregate } | null {
  const aggregate = doc.get(new FieldPath('metrics', metric)) as Aggregate | undefined;
  const hour: unknown = doc.get('hour');
  if (aggregate === undefined || aggregate.count === 0 || !(hour instanceof Timestamp)) return null;
  return { t: hour.toDate(), aggregate };
}

async function rawPoints(query: HistoryQuery): Promise<GetReadingHistoryResponse> {
  const snapshot = await readingsQuery(query, query.from)
    .limit(HISTORY_RAW_MAX_POINTS + 1)
    .get();
  const points: HistoryPoint[] = [];
  for (const doc of snapshot.docs.slice(0, HISTORY_RAW_MAX_POINTS)) {
    const reading = readingValue(doc, query.metric);
    if (reading === null) continue;
    const { value } = reading;
    points.push({ t: reading.t.toISOString(), min: value, max: value, avg: value, count: 1 });
  }
  return { points, timeZone: null, truncated: snapshot.size > HISTORY_RAW_MAX_POINTS };
}

async function fiveMinutePoints(query: HistoryQuery): Promise<HistoryPoint[]> {
  const from = new Date(Math.floor(query.from.getTime() / FIVE_MINUTES_MS) * FIVE_MINUTES_MS);
  const buckets = new Map<number, Aggregate>();
  for (const doc of (await readingsQuery(query, from).get()).docs) {
    const reading = readingValue(doc, query.metric);
    if (reading === null) continue;
    const start = Math.floor(reading.t.getTime() / FIVE_MINUTES_MS) * FIVE_MINUTES_MS;
    add(buckets, start, { count: 1, sum: reading.value, min: reading.value, max: reading.value });
  }
  return toPoints(buckets);
}

async function hourPoints(query: HistoryQuery): Promise<HistoryPoint[]> {
  const buckets = new Map<number, Aggregate>();
  for (const doc of (await rollupsQuery(query, hourStart(query.from)).get()).docs) {
    const rollup = rollupAggregate(doc, query.metric);
    if (rollup !== null) add(buckets, rollup.t.getTime(), rollup.aggregate);
  }
  return toPoints(buckets);
}

async function dayPoints(query: HistoryQuery, timeZone: string): Promise<HistoryPoint[]> {
  const from = localMidnight(localDate(query.from, timeZone), timeZone);
  const buckets = new Map<number, Aggregate>();
  const midnights = new Map<string, number>();
  for (const doc of (await rollupsQuery(query, hourStart(from)).get()).docs) {
    const rollup = rollupAggregate(doc, query.metric);
    if (rollup === null) continue;
    const day = localDate(rollup.t, timeZone);
    let start = midnights.get(day);
    if (start === undefined) {
      start = localMidnight(day, timeZone).getTime();
      midnights.set(day, start);
    }
    add(buckets, start, rollup.aggregate);
  }
  return toPoints(buckets);
}

function add(buckets: Map<number, Aggregate>, start: number, next: Aggregate): void {
  const current = buckets.get(start);
  buckets.set(
    start,
    current === undefined
      ? { ...next }
      : {
          count: current.count + next.count,
          sum: current.sum + next.sum,
          min: Math.min(current.min, next.min),
          max: Math.max(current.max, next.max),
        },
  );
}

function toPoints(buckets: Map<number, Aggregate>): HistoryPoint[] {
  return [...buckets]
    .sort(([a], [b]) => a - b)
    .map(([start, aggregate]) => ({
      t: new Date(start).toISOString(),
      min: aggregate.min,
      max: aggregate.max,
      avg: aggregate.sum / aggregate.count,
      count: aggregate.count,
    }));
}
