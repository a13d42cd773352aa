import type {
  NotificationKind,
  NotificationPrefs,
  PushSkipReason,
  QuietHours,
  UserProfile,
} from '@gadget/shared';

/** The preference that turns each kind's pushes on or off; `null`: always on. */
export const PREF_OF_KIND: Readonly<Record<NotificationKind, keyof NotificationPrefs | null>> = {
  alert: 'alerts',
  'alert-cleared': 'alerts',
  battery: 'deviceStatus',
  offline: 'deviceStatus',
  online: 'deviceStatus',
  firmware: 'deviceStatus',
  'member-joined': 'sharing',
  'member-left': 'sharing',
  // A reminder is something the user asked for; a release takes the device away from them.
  reminder: null,
  'device-released': null,
  // The sender's own command not doing what they asked is news about the device's state, like
  // offline or firmware, so it follows deviceStatus.
  'command-failed': 'deviceStatus',
};

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

export interface PushCircumstances {
  readonly kind: NotificationKind;
  readonly critical: boolean;
  /** The device's notification toggle is off. */
  readonly muted: boolean;
  /** Another notification of this family went out for the device moments ago. */
  readonly throttled: boolean;
  readonly at: Date;
}

/**
 * Why this person gets the notification in the inbox only, or null when it is pushed too. Only a
 * critical alert breaks through quiet hours; nothing breaks through a preference or a mute.
 */
export function skipReasonFor(
  profile: UserProfile,
  circumstances: PushCircumstances,
): PushSkipReason | null {
  const pref = PREF_OF_KIND[circumstances.kind];
  if (pref !== null && !profile.notificationPrefs[pref]) return 'prefs-off';
  if (circumstances.muted) return 'muted';
  if (circumstances.throttled) return 'throttled';
  if (
    !circumstances.critical &&
    isQuietTime(profile.quietHours, profile.timeZone, circumstances.at)
  ) {
    return 'quiet-hours';
  }
  return null;
}
