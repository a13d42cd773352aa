import { describe, expect, it } from 'vitest';
import { DAY_MS, localDate, localMidnight, zoneOffsetMs } from './hours.ts';

/** Every calendar day of 2024–2026 as `yyyy-MM-dd`. */
const DAYS = Array.from({ length: 3 * 366 }, (_, i) =>
  new Date(Date.UTC(2024, 0, 1) + i * DAY_MS).toISOString().slice(0, 10),
).filter((day) => day < '2027-01-01');

/** The local wall-clock time at an instant, `HH:mm`. */
function wallTime(instant: Date, timeZone: string): string {
  const wall = new Date(instant.getTime() + zoneOffsetMs(instant, timeZone));
  return wall.toISOString().slice(11, 16);
}

describe('localMidnight', () => {
  it.each([
    'UTC',
    'Asia/Tokyo',
    'Europe/Berlin',
    'America/New_York',
    // Midnight skipped when the clocks go forward, or (Havana) also repeated when they go back.
    'America/Santiago',
    'America/Havana',
    'America/Asuncion',
  ])('%s: is the first instant of each day of three years', (timeZone) => {
    for (const day of DAYS) {
      const start = localMidnight(day, timeZone);
      expect(localDate(start, timeZone), `${timeZone} ${day}`).toBe(day);
      expect(localDate(new Date(start.getTime() - 1000), timeZone), `${timeZone} ${day}`).not.toBe(
        day,
      );
    }
  });

  it('on a day whose midnight does not exist, the day starts at 01:00', () => {
    // Days on which these zones jumped from 24:00 to 01:00 (a 23-hour day).
    const skipped = (timeZone: string) =>
      DAYS.filter((day) => wallTime(localMidnight(day, timeZone), timeZone) !== '00:00');
    for (const timeZone of ['America/Santiago', 'America/Havana']) {
      const days = skipped(timeZone);
      expect(days.length, timeZone).toBeGreaterThan(0);
      for (const day of days)
        expect(wallTime(localMidnight(day, timeZone), timeZone)).toBe('01:00');
    }
  });
});
