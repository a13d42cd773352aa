import type { HistoryPoint, MetricAggregate } from '@gadget/shared';

/** The aggregate of two sets of readings: counts and sums add up, the extremes are kept. */
export function mergeAggregates(a: MetricAggregate, b: MetricAggregate): MetricAggregate {
  return {
    count: a.count + b.count,
    sum: a.sum + b.sum,
    min: Math.min(a.min, b.min),
    max: Math.max(a.max, b.max),
  };
}

/** The aggregate of one reading. */
export function aggregateOf(value: number): MetricAggregate {
  return { count: 1, sum: value, min: value, max: value };
}

/**
 * Chart points from aggregates keyed by the start (ms) of the bucket they fall in: hours, 5-minute
 * slices or hours of a day, in any order. Aggregates of one bucket are merged; points come in time
 * order, with the average their sum and count give; a bucket nothing fell in has no point.
 */
export function rollUp(entries: Iterable<readonly [number, MetricAggregate]>): HistoryPoint[] {
  const buckets = new Map<number, MetricAggregate>();
  for (const [start, next] of entries) {
    const current = buckets.get(start);
    buckets.set(start, current === undefined ? { ...next } : mergeAggregates(current, next));
  }
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
