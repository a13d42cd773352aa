import type { NotificationKind, NotificationPrefs } from '@gadget/shared';

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
};

/** Kinds throttled to one push per device per 10 minutes: a flapping gadget must not spam. */
export const THROTTLED_KINDS: ReadonlySet<NotificationKind> = new Set([
  'offline',
  'online',
  'battery',
  'firmware',
]);
