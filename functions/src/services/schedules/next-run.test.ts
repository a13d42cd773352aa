import { describe, expect, it } from 'vitest';
import { CronSchema } from '@gadget/shared';
import { nextRunOf } from './next-run.ts';

const HOUR_MS = 60 * 60 * 1000;

describe('cron validation against the scheduler', () => {
  it('every accepted expression fires at most once an hour, in the schedule’s zone', () => {
    for (const cron of [
      '0 8 * * *',
      '30 */2 * * 1-5',
      '59 * 1,15 * 0',
      '0 0 1 1 7',
      '5 9-17 * * *',
    ]) {
      expect(CronSchema.safeParse(cron).success, cron).toBe(true);
      let after = new Date('2026-03-28T00:00:00Z'); // across Europe's spring change
      for (let i = 0; i < 50; i++) {
        const next = nextRunOf(cron, 'Europe/Berlin', after);
        if (next === null) break;
        if (i > 0) expect(next.getTime() - after.getTime(), cron).toBeGreaterThanOrEqual(HOUR_MS);
        after = next;
      }
    }
  });

  it('reads the minute and hour in the schedule’s zone', () => {
    const after = new Date('2026-01-15T00:00:00Z');
    expect(nextRunOf('30 8 * * *', 'Europe/Berlin', after)).toEqual(
      new Date('2026-01-15T07:30:00Z'),
    );
    expect(nextRunOf('30 8 * * *', 'Asia/Kolkata', after)).toEqual(
      new Date('2026-01-15T03:00:00Z'),
    );
    expect(nextRunOf('30 8 * * *', 'America/New_York', after)).toEqual(
      new Date('2026-01-15T13:30:00Z'),
    );
  });

  it('refuses what fires more often than hourly and over-long input', () => {
    for (const cron of ['*/5 * * * *', '0-59 * * * *', `0 8 * * ${'1,'.repeat(50)}1`]) {
      expect(CronSchema.safeParse(cron).success, cron).toBe(false);
    }
  });
});
