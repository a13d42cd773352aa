/** UTC hours, the unit of rollups, and local days in an IANA time zone, the unit of `1d` history. */

export const HOUR_MS = 60 * 60 * 1000;
export const DAY_MS = 24 * HOUR_MS;

export function hourStart(date: Date): Date {
  return new Date(Math.floor(date.getTime() / HOUR_MS) * HOUR_MS);
}

/** The rollup document id of the UTC hour `date` falls in: `yyyy-MM-ddTHH`. */
export function hourKey(date: Date): string {
  return date.toISOString().slice(0, 13);
}

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date (`yyyy-MM-dd`) `date` falls on in `timeZone`. */
export function localDate(date: Date, timeZone: string): string {
  let format = dayFormatters.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormatters.set(timeZone, format);
  }
  return format.format(date);
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** How far `timeZone`'s wall clock is ahead of UTC at `instant`, in milliseconds. */
export function zoneOffsetMs(instant: Date, timeZone: string): number {
  let format = offsetFormatters.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    offsetFormatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(
    format.formatToParts(instant).map((part) => [part.type, Number(part.value)]),
  );
  const wallClock = Date.UTC(
    parts.year ?? 0,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return wallClock - Math.floor(instant.getTime() / 1000) * 1000;
}

/**
 * The instant `yyyy-MM-dd` starts in `timeZone`: local midnight, or, on a day whose midnight does
 * not exist (clocks jump from 24:00 to 01:00, as in America/Santiago or America/Havana), the jump
 * itself; on a day whose midnight happens twice, the first. The offset at midnight is guessed from
 * the wall clock, checked once more (it differs on days the clocks change), then the exact start is
 * found by bisection between an instant of the day before and one of the day itself.
 */
export function localMidnight(day: string, timeZone: string): Date {
  const [year, month, date] = day.split('-').map(Number);
  const wallMidnight = Date.UTC(year ?? 1970, (month ?? 1) - 1, date ?? 1);
  let guess = wallMidnight - zoneOffsetMs(new Date(wallMidnight), timeZone);
  guess = wallMidnight - zoneOffsetMs(new Date(guess), timeZone);
  const onDay = (instant: number) => localDate(new Date(instant), timeZone) === day;
  // Offsets move by at most a few hours: four on either side reach the day before and the day.
  let before = guess - SHIFT_BOUND_MS;
  let within = onDay(guess) ? guess : guess + SHIFT_BOUND_MS;
  if (onDay(before) || !onDay(within)) return new Date(guess);
  while (within - before > 1000) {
    const middle = before + Math.floor((within - before) / 2000) * 1000;
    if (onDay(middle)) within = middle;
    else before = middle;
  }
  return new Date(within);
}

/** More than any change of a zone's offset at once. */
const SHIFT_BOUND_MS = 4 * HOUR_MS;
