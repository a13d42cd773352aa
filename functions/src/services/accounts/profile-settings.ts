import { FieldPath } from 'firebase-admin/firestore';
import type { UpdateProfileRequestSchema, UserProfile, UserProfileView } from '@gadget/shared';
import type { z } from 'zod';
import { collections, db } from '../../admin.ts';
import { notFound } from '../../errors.ts';

type ProfileChanges = z.output<typeof UpdateProfileRequestSchema>;

/**
 * Applies the user's own changes to `users/{uid}` in one transaction and returns the result. Only
 * the fields sent change (notification toggles one by one). Choosing a locale or time zone ends
 * `awaitingAppSettings`: the app's automatic fill-in must never override what the user picked.
 */
export async function updateProfile(uid: string, changes: ProfileChanges): Promise<UserProfile> {
  const ref = collections.users().doc(uid);
  return db().runTransaction(async (transaction) => {
    const profile = (await transaction.get(ref)).data();
    if (profile === undefined) throw notFound('No profile yet: call ensureProfile first.');
    const updates: [FieldPath, unknown][] = [];
    const next: UserProfile = { ...profile, notificationPrefs: { ...profile.notificationPrefs } };
    const set = <K extends keyof UserProfile>(field: K, value: UserProfile[K]) => {
      updates.push([new FieldPath(field), value]);
      next[field] = value;
    };
    if (changes.displayName !== undefined) set('displayName', changes.displayName);
    if (changes.locale !== undefined) set('locale', changes.locale);
    if (changes.timeZone !== undefined) set('timeZone', changes.timeZone);
    if (changes.units !== undefined) set('units', changes.units);
    if (changes.quietHours !== undefined) set('quietHours', changes.quietHours);
    for (const [pref, value] of Object.entries(changes.notificationPrefs ?? {})) {
      updates.push([new FieldPath('notificationPrefs', pref), value]);
      next.notificationPrefs[pref as keyof UserProfile['notificationPrefs']] = value;
    }
    if (
      (changes.locale !== undefined || changes.timeZone !== undefined) &&
      profile.awaitingAppSettings
    ) {
      set('awaitingAppSettings', false);
    }
    const [first, ...rest] = updates;
    if (first !== undefined) transaction.update(ref, first[0], first[1], ...rest.flat());
    return next;
  });
}

/** The profile as callables return it: no internal flags, timestamps as ISO strings. */
export function toProfileView(uid: string, profile: UserProfile): UserProfileView {
  const { awaitingAppSettings: _internal, ...visible } = profile;
  return { ...visible, uid, createdAt: profile.createdAt.toISOString() };
}
