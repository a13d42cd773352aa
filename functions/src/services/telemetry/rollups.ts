import type { MetricAggregate, Rollup } from '@gadget/shared';
import { resourceExhausted } from '../../errors.ts';
import { DAY_MS, hourKey, hourStart } from './hours.ts';
import type { ValidReading } from './validation.ts';

/** Hourly rollups are kept this long (their `expireAt`, for the TTL policy on rollups). */
export const ROLLUP_RETENTION_DAYS = 400;

/**
 * A rollup remembers the id of every reading it counted (`ids`), so that ingestion, which must
 * read the H rollups it updates anyway, learns which readings of a batch are already stored
 * without reading the N reading documents: 1 + H reads instead of 1 + H + N. This bounds the
 * readings per device and hour: at most 64-byte ids, 7,200 of them (one every 0.5 s) take under
 * 500 KB, half of Firestore's 1 MiB document limit. `ids` is exempt from indexing
 * (firestore.indexes.json), so its entries cost no index writes and never reach the per-document
 * index entry limit.
 *
 * A reading id resent with a different `ts` in another hour is not recognised as a repeat; the
 * senders' contract is that an id names one reading for good.
 */
export const MAX_READINGS_PER_HOUR = 7200;

/** The readings grouped by the UTC hour they fall in, keyed by rollup document id. */
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

/** Readings an hour's rollup has not counted yet (the others are repeats). */
export function uncounted(
  rollup: Rollup | undefined,
  readings: readonly ValidReading[],
): ValidReading[] {
  if (rollup === undefined) return [...readings];
  return readings.filter((reading) => !Object.hasOwn(rollup.ids, reading.id));
}

/**
 * What to merge into an hour's rollup for its new readings: the whole aggregate of each metric
 * touched, the new ids only (a merge adds them to the map) and the count.
 */
export function rollupMerge(
  key: string,
  rollup: Rollup | undefined,
  fresh: readonly ValidReading[],
): Omit<Rollup, 'metrics' | 'ids'> & {
  metrics: Record<string, MetricAggregate>;
  ids: Record<string, true>;
} {
  const count = (rollup?.count ?? 0) + fresh.length;
  if (count > MAX_READINGS_PER_HOUR) {
    throw resourceExhausted(
      `The hour ${key} already holds the most readings a device may send in an hour.`,
    );
  }
  const metrics: Record<string, MetricAggregate> = {};
  for (const reading of fresh) {
    for (const [metric, value] of Object.entries(reading.values)) {
      const current = metrics[metric] ?? rollup?.metrics[metric];
      metrics[metric] =
        current === undefined
          ? { count: 1, sum: value, min: value, max: value }
          : {
              count: current.count + 1,
              sum: current.sum + value,
              min: Math.min(current.min, value),
              max: Math.max(current.max, value),
            };
    }
  }
  const first = fresh[0];
  const hour = rollup?.hour ?? hourStart(first === undefined ? new Date(0) : first.ts);
  return {
    hour,
    count,
    metrics,
    ids: Object.fromEntries(fresh.map((reading) => [reading.id, true as const])),
    expireAt: new Date(hour.getTime() + ROLLUP_RETENTION_DAYS * DAY_MS),
  };
}
