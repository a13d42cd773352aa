import type { QuietHours } from '@gadget/shared';

/**
 * Minutes since local midnight at `at` in `timeZone`. Intl applies the zone's rules for that very
 * instant, so DST days need no special case: on a spring-forward day 02:30 simply never occurs.
 */
export function localMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const hour = Number(parts.find((part) => part.type === 'hour')?.value ?? '0');
  const minute = Number(parts.find((part) => part.type === 'minute')?.value ?? '0');
  return hour * 60 + minute;
}

function toMinutes(clock: string): number {
  const [hours = '0', minutes = '0'] = clock.split(':');
  return Number(hours) * 60 + Number(minutes);
}

/**
 * Whether `at` falls in the quiet hours, `[start, end)` in the user's time zone. A window whose
 * start is after its end spans midnight (22:00–07:00); equal start and end is an empty window.
 */
export function isQuietTime(quietHours: QuietHours, timeZone: string, at: Date): boolean {
  if (quietHours === null) return false;
  const start = toMinutes(quietHours.start);
  const end = toMinutes(quietHours.end);
  if (start === end) return false;
  const now = localMinutes(at, timeZone);
  return start < end ? now >= start && now < end : now >= start || now < end;
}
