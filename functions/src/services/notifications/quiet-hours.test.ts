import { describe, expect, it } from 'vitest';
import { isQuietTime, localMinutes } from './recipients.ts';

describe('quiet hours', () => {
  const night = { start: '22:00', end: '07:00' };

  it('span midnight: in at 23:30 and 06:59 local, out at 07:00 and 21:59', () => {
    const berlin = 'Europe/Berlin'; // UTC+1 in January
    expect(isQuietTime(night, berlin, new Date('2025-01-15T22:30:00Z'))).toBe(true);
    expect(isQuietTime(night, berlin, new Date('2025-01-16T05:59:00Z'))).toBe(true);
    expect(isQuietTime(night, berlin, new Date('2025-01-16T06:00:00Z'))).toBe(false);
    expect(isQuietTime(night, berlin, new Date('2025-01-15T20:59:00Z'))).toBe(false);
  });

  it('judge the local time in the person’s zone, not UTC', () => {
    const at = new Date('2025-06-01T03:00:00Z'); // 05:00 in Berlin, 23:00 the day before in New York
    expect(isQuietTime({ start: '09:00', end: '17:00' }, 'America/New_York', at)).toBe(false);
    expect(isQuietTime(night, 'America/New_York', at)).toBe(true);
    expect(isQuietTime({ start: '01:00', end: '06:00' }, 'Europe/Berlin', at)).toBe(true);
  });

  it('follow DST: the same UTC instant is 06:30 before the change and 07:30 after it', () => {
    // Berlin moves to UTC+2 on 2025-03-30 at 01:00 UTC.
    expect(localMinutes(new Date('2025-03-29T05:30:00Z'), 'Europe/Berlin')).toBe(6 * 60 + 30);
    expect(localMinutes(new Date('2025-03-30T05:30:00Z'), 'Europe/Berlin')).toBe(7 * 60 + 30);
    expect(isQuietTime(night, 'Europe/Berlin', new Date('2025-03-29T05:30:00Z'))).toBe(true);
    expect(isQuietTime(night, 'Europe/Berlin', new Date('2025-03-30T05:30:00Z'))).toBe(false);
    // Back to UTC+1 on 2025-10-26 at 01:00 UTC: 02:30 local happens twice, quiet both times.
    expect(isQuietTime(night, 'Europe/Berlin', new Date('2025-10-26T00:30:00Z'))).toBe(true);
    expect(isQuietTime(night, 'Europe/Berlin', new Date('2025-10-26T01:30:00Z'))).toBe(true);
  });

  it('are off when null or when start equals end; a same-day window ends before its end', () => {
    const at = new Date('2025-01-15T12:00:00Z');
    expect(isQuietTime(null, 'UTC', at)).toBe(false);
    expect(isQuietTime({ start: '12:00', end: '12:00' }, 'UTC', at)).toBe(false);
    expect(isQuietTime({ start: '11:00', end: '12:00' }, 'UTC', at)).toBe(false);
    expect(isQuietTime({ start: '12:00', end: '13:00' }, 'UTC', at)).toBe(true);
  });
});
