import type { HourDoc, MetricAggregate, MetricAggregates } from '@gadget/shared';
import { resourceExhausted } from '../../errors.ts';
import { DAY_MS, HOUR_MS, hourKey, hourStart } from './hours.ts';
import { aggregateOf, mergeAggregates } from './rollup.ts';
import type { ValidReading } from './validation.ts';

const SLICE_MS = 5 * 60 * 1000;

/**
 * The most readings one device-hour holds (one every 0.5 s). The worst case at this rate, an
 * air-1 (5 metrics) sending 64-character ids, is 7,200 × 65 bytes of ids, 7,200 × 8 of offsets and
 * 5 × 7,200 × 8 of values: 817,518 bytes with the aggregates, 78 % of Firestore’s 1 MiB document
 * limit (computed by `hourDocBytes`, checked in hour-docs.test.ts). The columns are exempt from
 * indexing, so the hour stays far below the 20,000 index entries a document may have.
 */
export const MAX_READINGS_PER_HOUR = 7200;

/** The readings grouped by the UTC hour they fall in, keyed by hour document id. */
export function groupByHour(readings: readonly ValidReading[]): Map<string, ValidReading[]> {
  const hours = new Map<string, ValidReading[]>();
  for (const reading of readings) {
    const key = hourKey(reading.ts);
    const group = hours.get(key);
    if (group === undefined) hours.set(key, [reading]);
    else group.push(reading);
  }
  return hours;
}

/** Readings the hour does not hold yet (the others are repeats of an id it holds). */
export function unstored(
  hour: HourDoc | undefined,
  readings: readonly ValidReading[],
): ValidReading[] {
  if (hour === undefined) return [...readings];
  const ids = new Set(hour.ids);
  return readings.filter((reading) => !ids.has(reading.id));
}

/**
 * The hour with `fresh` appended: columns, aggregates of the hour and of each 5-minute slice.
 * Refuses with `resource-exhausted` when the hour would hold more than MAX_READINGS_PER_HOUR.
 * A pure function of the stored hour, so a retried transaction computes the same document.
 */
export function withReadings(
  key: string,
  stored: HourDoc | undefined,
  fresh: readonly ValidReading[],
  retentionDays: number,
): HourDoc {
  const first = fresh[0];
  const hour = stored?.hour ?? hourStart(first === undefined ? new Date(0) : first.ts);
  const count = (stored?.count ?? 0) + fresh.length;
  if (count > MAX_READINGS_PER_HOUR) {
    throw resourceExhausted(
      `The hour ${key} already holds the most readings a device may send in an hour.`,
    );
  }
  const before = stored?.count ?? 0;
  const values: Record<string, (number | null)[]> = {};
  for (const [metric, column] of Object.entries(stored?.values ?? {})) values[metric] = [...column];
  const metrics: MetricAggregates = { ...stored?.metrics };
  const slices: Record<string, MetricAggregates> = {};
  for (const [slice, aggregates] of Object.entries(stored?.slices ?? {})) {
    slices[slice] = { ...aggregates };
  }
  fresh.forEach((reading, index) => {
    const slice = String(Math.floor((reading.ts.getTime() - hour.getTime()) / SLICE_MS));
    const sliceAggregates = (slices[slice] ??= {});
    for (const [metric, value] of Object.entries(reading.values)) {
      // A metric first seen now: earlier readings of the hour did not carry it.
      const column = (values[metric] ??= new Array<number | null>(before).fill(null));
      column[before + index] = value;
      metrics[metric] = added(metrics[metric], value);
      sliceAggregates[metric] = added(sliceAggregates[metric], value);
    }
  });
  // Readings that lack a metric leave a hole in its column; holes are stored as null.
  for (const column of Object.values(values)) {
    for (let i = before; i < count; i++) column[i] ??= null;
  }
  return {
    hour,
    count,
    ids: [...(stored?.ids ?? []), ...fresh.map((reading) => reading.id)],
    offsets: [
      ...(stored?.offsets ?? []),
      ...fresh.map((reading) => reading.ts.getTime() - hour.getTime()),
    ],
    values,
    metrics,
    slices,
    expireAt: new Date(hour.getTime() + HOUR_MS + retentionDays * DAY_MS),
  };
}

function added(current: MetricAggregate | undefined, value: number): MetricAggregate {
  return current === undefined ? aggregateOf(value) : mergeAggregates(current, aggregateOf(value));
}

/** One stored reading, decoded from the hour's columns. */
export interface StoredReading {
  readonly id: string;
  readonly ts: Date;
  readonly values: Record<string, number>;
}

/** The hour's readings in `ts` order (they are stored in arrival order). */
export function readingsOf(hour: HourDoc): StoredReading[] {
  const readings = hour.ids.map((id, i) => {
    const values: Record<string, number> = {};
    for (const [metric, column] of Object.entries(hour.values)) {
      const value = column[i];
      if (typeof value === 'number') values[metric] = value;
    }
    return { id, ts: new Date(hour.hour.getTime() + (hour.offsets[i] ?? 0)), values };
  });
  return readings.sort((a, b) => a.ts.getTime() - b.ts.getTime());
}

/**
 * The stored size of an hour document by Firestore's rules (strings: UTF-8 bytes + 1, numbers
 * and timestamps 8, null 1, field names like strings, plus 32 for the document), without the
 * document name: what MAX_READINGS_PER_HOUR is checked against.
 */
export function hourDocBytes(hour: HourDoc): number {
  return 32 + valueBytes(hour);
}

function valueBytes(value: unknown): number {
  if (value === null || typeof value === 'boolean') return 1;
  if (typeof value === 'number' || value instanceof Date) return 8;
  if (typeof value === 'string') return Buffer.byteLength(value) + 1;
  if (Array.isArray(value)) return value.reduce<number>((sum, item) => sum + valueBytes(item), 0);
  return Object.entries(value as Record<string, unknown>).reduce(
    (sum, [name, item]) => sum + Buffer.byteLength(name) + 1 + valueBytes(item),
    0,
  );
}
