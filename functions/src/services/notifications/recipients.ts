import type { NotificationKind, PushSkipReason, UserProfile } from '@gadget/shared';
import { PREF_OF_KIND } from './kinds.ts';
import { isQuietTime } from './quiet-hours.ts';

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
