import { DEFAULT_PROFILE_SETTINGS } from '@gadget/shared';
import type { UserProfile } from '@gadget/shared';
import { collections, db } from '../admin.ts';

/** gRPC status ALREADY_EXISTS, as the Firestore SDK reports it on `create()` of an existing doc. */
const ALREADY_EXISTS = 6;

export interface NewProfileInput {
  readonly uid: string;
  readonly displayName?: string | null | undefined;
  readonly email?: string | null | undefined;
  readonly locale?: string | undefined;
  readonly timeZone?: string | undefined;
}

export interface EnsuredProfile {
  readonly profile: UserProfile;
  readonly created: boolean;
}

/**
 * Creates `users/{uid}` with defaults unless it exists. Both the sign-up trigger and the
 * `ensureProfile` callable call this, in either order and any number of times: `create()` makes the
 * first writer win and later ones read what it wrote, so `createdAt` never moves. The trigger knows
 * nothing of the phone, so a profile it made takes the locale and time zone of the app's first call.
 */
export async function ensureProfile(
  input: NewProfileInput,
  now: Date = new Date(),
): Promise<EnsuredProfile> {
  const ref = collections.users().doc(input.uid);
  const profile: UserProfile = {
    ...DEFAULT_PROFILE_SETTINGS,
    notificationPrefs: { ...DEFAULT_PROFILE_SETTINGS.notificationPrefs },
    displayName: input.displayName ?? null,
    email: input.email ?? null,
    ...(input.locale === undefined ? {} : { locale: input.locale }),
    ...(input.timeZone === undefined ? {} : { timeZone: input.timeZone }),
    awaitingAppSettings: input.locale === undefined || input.timeZone === undefined,
    createdAt: now,
  };
  try {
    await ref.create(profile);
    return { profile, created: true };
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
  }
  const fromApp = {
    ...(input.locale === undefined ? {} : { locale: input.locale }),
    ...(input.timeZone === undefined ? {} : { timeZone: input.timeZone }),
  };
  const existing = await db().runTransaction(async (transaction) => {
    const snapshot = await transaction.get(ref);
    const data = snapshot.data();
    if (data === undefined) {
      // Created and deleted again between our two calls (account deletion racing sign-up).
      throw new Error(`Profile ${input.uid} vanished while being ensured`);
    }
    if (!data.awaitingAppSettings || Object.keys(fromApp).length === 0) return data;
    // Done once the app has sent both; until then a later call may still bring the missing one.
    const awaitingAppSettings = input.locale === undefined || input.timeZone === undefined;
    transaction.update(ref, { ...fromApp, awaitingAppSettings });
    return { ...data, ...fromApp, awaitingAppSettings };
  });
  return { profile: existing, created: false };
}

function isAlreadyExists(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && 'code' in error && error.code === ALREADY_EXISTS
  );
}
