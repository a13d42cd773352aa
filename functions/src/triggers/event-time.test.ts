import { describe, expect, it } from 'vitest';
import { MAX_EVENT_AGE_MS, eventDate, isTooOld } from './event-time.ts';

const NOW = new Date('2026-01-01T12:00:00.000Z');
const before = (ms: number) => new Date(NOW.getTime() - ms).toISOString();

describe('isTooOld', () => {
  it('drops an event older than the bound and keeps one at the bound or younger', () => {
    expect(isTooOld(before(MAX_EVENT_AGE_MS + 1), NOW)).toBe(true);
    expect(isTooOld(before(MAX_EVENT_AGE_MS), NOW)).toBe(false);
    expect(isTooOld(before(0), NOW)).toBe(false);
  });

  it('keeps an event whose time cannot be read, or that claims to come from the future', () => {
    expect(isTooOld('', NOW)).toBe(false);
    expect(isTooOld('yesterday', NOW)).toBe(false);
    expect(isTooOld(before(-MAX_EVENT_AGE_MS), NOW)).toBe(false);
  });
});

describe('eventDate', () => {
  it('is the event’s own time, not the delivery’s', () => {
    expect(eventDate('2026-01-01T11:30:00.250Z', NOW)).toEqual(
      new Date('2026-01-01T11:30:00.250Z'),
    );
  });

  it('falls back to now when the time cannot be read', () => {
    expect(eventDate('', NOW)).toEqual(NOW);
    expect(eventDate('not a time', NOW)).toEqual(NOW);
  });
});
