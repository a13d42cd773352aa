import { describe, expect, it } from 'vitest';
import { DEFAULT_PROFILE_SETTINGS, NotificationKindSchema } from '@gadget/shared';
import type { UserProfile } from '@gadget/shared';
import { PREF_OF_KIND, isQuietTime, localMinutes, skipReasonFor } from './recipients.ts';
import type { PushCircumstances } from './recipients.ts';

const profile = (fields: Partial<UserProfile>): UserProfile => ({
  displayName: null,
  email: null,
  awaitingAppSettings: false,
  createdAt: new Date(0),
  ...DEFAULT_PROFILE_SETTINGS,
  ...fields,
});

// 23:30 in Berlin (UTC+1 in January), 04:00 in Kolkata (UTC+5:30), 17:30 in New York.
const NIGHT_IN_BERLIN = new Date('2025-01-15T22:30:00Z');
const circumstances = (fields: Partial<PushCircumstances>): PushCircumstances => ({
  kind: 'alert',
  critical: false,
  muted: false,
  throttled: false,
  at: NIGHT_IN_BERLIN,
  ...fields,
});
const nights = { start: '22:00', end: '07:00' };

describe('skipReasonFor', () => {
  it('pushes when nothing holds it back', () => {
    expect(skipReasonFor(profile({}), circumstances({}))).toBeNull();
  });

  it('holds back by quiet hours in the person’s own zone, across midnight', () => {
    const berlin = profile({ quietHours: nights, timeZone: 'Europe/Berlin' });
    expect(skipReasonFor(berlin, circumstances({}))).toBe('quiet-hours');
    const newYork = profile({ quietHours: nights, timeZone: 'America/New_York' });
    expect(skipReasonFor(newYork, circumstances({}))).toBeNull();
    // A half-hour zone: 04:00 there, inside; the window's end is exclusive at 07:00 local.
    const kolkata = profile({ quietHours: nights, timeZone: 'Asia/Kolkata' });
    expect(skipReasonFor(kolkata, circumstances({}))).toBe('quiet-hours');
    const sevenInKolkata = new Date('2025-01-16T01:30:00Z');
    expect(skipReasonFor(kolkata, circumstances({ at: sevenInKolkata }))).toBeNull();
    expect(
      skipReasonFor(kolkata, circumstances({ at: new Date(sevenInKolkata.getTime() - 60_000) })),
    ).toBe('quiet-hours');
  });

  it('lets only a critical notice through quiet hours, never through a mute or a preference', () => {
    const quiet = profile({ quietHours: nights, timeZone: 'Europe/Berlin' });
    expect(skipReasonFor(quiet, circumstances({ critical: true }))).toBeNull();
    expect(skipReasonFor(quiet, circumstances({ critical: true, muted: true }))).toBe('muted');
    const noAlerts = profile({
      notificationPrefs: { ...DEFAULT_PROFILE_SETTINGS.notificationPrefs, alerts: false },
    });
    expect(skipReasonFor(noAlerts, circumstances({ critical: true }))).toBe('prefs-off');
    expect(skipReasonFor(profile({}), circumstances({ throttled: true }))).toBe('throttled');
  });

  it('honours each kind’s preference, and none for reminders and releases', () => {
    for (const kind of NotificationKindSchema.options) {
      const pref = PREF_OF_KIND[kind];
      if (pref === null) {
        const allOff = profile({
          notificationPrefs: { alerts: false, deviceStatus: false, sharing: false, digest: false },
        });
        expect(skipReasonFor(allOff, circumstances({ kind })), kind).toBeNull();
      } else {
        const off = profile({
          notificationPrefs: { ...DEFAULT_PROFILE_SETTINGS.notificationPrefs, [pref]: false },
        });
        expect(skipReasonFor(off, circumstances({ kind })), kind).toBe('prefs-off');
        expect(skipReasonFor(profile({}), circumstances({ kind })), kind).toBeNull();
      }
    }
    expect(PREF_OF_KIND.reminder).toBeNull();
    expect(PREF_OF_KIND['device-released']).toBeNull();
    expect(PREF_OF_KIND.battery).toBe('deviceStatus');
  });
});

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
