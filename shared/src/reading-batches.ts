import { LIMITS } from './limits.ts';

/** The UTC hour (`yyyy-MM-ddTHH`) a reading's `ts` falls in, or null when it is not a time. */
export function readingHourKey(reading: unknown): string | null {
  if (typeof reading !== 'object' || reading === null) return null;
  const ts = (reading as { ts?: unknown }).ts;
  if (typeof ts !== 'string') return null;
  const ms = Date.parse(ts);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString().slice(0, 13);
}

/** How many distinct UTC hours the readings fall in (readings without a valid `ts` aside). */
export function readingHourCount(readings: readonly unknown[]): number {
  const hours = new Set<string>();
  for (const reading of readings) {
    const hour = readingHourKey(reading);
    if (hour !== null) hours.add(hour);
  }
  return hours.size;
}

/**
 * The readings one submission may carry from a backlog kept oldest first: the longest prefix of at
 * most `LIMITS.readingsPerSubmission` readings in at most `LIMITS.readingHoursPerSubmission`
 * distinct UTC hours. A gadget back from days offline sends these, then the next, and so on.
 */
export function nextReadingsBatch<T>(backlog: readonly T[]): T[] {
  const hours = new Set<string>();
  const batch: T[] = [];
  for (const reading of backlog) {
    if (batch.length >= LIMITS.readingsPerSubmission) break;
    const hour = readingHourKey(reading);
    if (hour !== null && !hours.has(hour)) {
      if (hours.size >= LIMITS.readingHoursPerSubmission) break;
      hours.add(hour);
    }
    batch.push(reading);
  }
  return batch;
}
