import { describe, expect, it } from 'vitest';
import { LIMITS } from './limits.ts';
import { nextReadingsBatch, readingHourCount } from './reading-batches.ts';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 11, 7, 0, 0, 0);
/** One reading every `everyMs`, oldest first, from T0. */
const backlog = (n: number, everyMs: number) =>
  Array.from({ length: n }, (_, i) => ({
    id: `r${String(i)}`,
    ts: new Date(T0 + i * everyMs).toISOString(),
  }));

describe('reading batches', () => {
  it('counts distinct UTC hours, readings without a valid time aside', () => {
    expect(readingHourCount([...backlog(3, HOUR), { ts: 'nope' }, {}, null])).toBe(3);
    expect(readingHourCount(backlog(120, 60_000))).toBe(2);
  });

  it('a backlog of two days goes out six hours at a time, oldest first, losing nothing', () => {
    let left = backlog(48 * 4, 15 * 60_000);
    const sent: string[] = [];
    while (left.length > 0) {
      const batch = nextReadingsBatch(left);
      expect(readingHourCount(batch)).toBeLessThanOrEqual(LIMITS.readingHoursPerSubmission);
      expect(batch.length).toBeGreaterThan(0);
      sent.push(...batch.map((reading) => reading.id));
      left = left.slice(batch.length);
    }
    expect(sent).toEqual(backlog(48 * 4, 15 * 60_000).map((reading) => reading.id));
  });

  it('stops at the readings a submission may carry', () => {
    expect(nextReadingsBatch(backlog(2_000, 1_000))).toHaveLength(LIMITS.readingsPerSubmission);
    expect(nextReadingsBatch(backlog(10, 12 * HOUR))).toHaveLength(
      LIMITS.readingHoursPerSubmission,
    );
  });
});
