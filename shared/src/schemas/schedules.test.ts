import { describe, expect, it } from 'vitest';
import { isHourlyOrRarerCron } from './schedules.ts';

describe('isHourlyOrRarerCron', () => {
  it('accepts 5 fields with a single minute', () => {
    for (const cron of [
      '0 8 * * *',
      '30 8 * * 1-5',
      '59 */2 1,15 * 0',
      '0 0 1 1 7',
      ' 5  9 * * * ',
    ]) {
      expect(isHourlyOrRarerCron(cron), cron).toBe(true);
    }
  });

  it('refuses more than hourly, wrong field counts, out-of-range values and names', () => {
    for (const cron of [
      '* * * * *',
      '*/30 * * * *',
      '0,30 * * * *',
      '0 8 * *',
      '0 8 * * * *',
      '60 8 * * *',
      '0 24 * * *',
      '0 8 0 * *',
      '0 8 * 13 *',
      '0 8 * * MON',
      '0 9-8 * * *',
      '0 */0 * * *',
      '',
    ]) {
      expect(isHourlyOrRarerCron(cron), cron).toBe(false);
    }
  });
});
