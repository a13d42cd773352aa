import { describe, expect, it } from 'vitest';
import type { MetricAggregate } from '@gadget/shared';
import { aggregateOf, mergeAggregates, rollUp } from './rollup.ts';

const HOUR = 60 * 60 * 1000;
const t0 = Date.parse('2026-03-01T00:00:00Z');
const agg = (count: number, sum: number, min: number, max: number): MetricAggregate => ({
  count,
  sum,
  min,
  max,
});

describe('rollUp', () => {
  it('makes no points of nothing', () => {
    expect(rollUp([])).toEqual([]);
    expect(rollUp(new Map())).toEqual([]);
  });

  it('merges aggregates that fall in one bucket: counts and sums add, extremes are kept', () => {
    const points = rollUp([
      [t0, agg(2, 30, 10, 20)],
      [t0, agg(3, 15, -4, 12)],
      [t0, agg(1, 50, 50, 50)],
    ]);
    expect(points).toEqual([
      { t: '2026-03-01T00:00:00.000Z', min: -4, max: 50, avg: 95 / 6, count: 6 },
    ]);
  });

  it('keeps separate buckets apart, and answers in time order whatever the input order', () => {
    const points = rollUp([
      [t0 + 2 * HOUR, agg(1, 3, 3, 3)],
      [t0, agg(1, 1, 1, 1)],
      [t0 + HOUR, agg(2, 4, 1, 3)],
      [t0, agg(1, 5, 5, 5)],
    ]);
    expect(points.map((point) => [point.t, point.count, point.avg])).toEqual([
      ['2026-03-01T00:00:00.000Z', 2, 3],
      ['2026-03-01T01:00:00.000Z', 2, 2],
      ['2026-03-01T02:00:00.000Z', 1, 3],
    ]);
  });

  it('never changes the aggregates it was given', () => {
    const first = agg(1, 1, 1, 1);
    rollUp([
      [t0, first],
      [t0, agg(1, 9, 9, 9)],
    ]);
    expect(first).toEqual(agg(1, 1, 1, 1));
  });
});

describe('mergeAggregates', () => {
  it('is the aggregate of both sets of readings, in either order', () => {
    const a = agg(2, 10, 4, 6);
    const b = agg(1, -3, -3, -3);
    expect(mergeAggregates(a, b)).toEqual(agg(3, 7, -3, 6));
    expect(mergeAggregates(b, a)).toEqual(mergeAggregates(a, b));
  });

  it('folds single readings as their own aggregates', () => {
    const folded = [4, 8, 2].map(aggregateOf).reduce(mergeAggregates);
    expect(folded).toEqual(agg(3, 14, 2, 8));
  });
});
