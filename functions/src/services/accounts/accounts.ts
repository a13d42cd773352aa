import { DEFAULT_PROFILE_SETTINGS } from '@gadget/shared';
import type { AccountDeletion, UserProfile } from '@gadget/shared';
import { adminApp, db } from '../../admin.ts';
import { isUserNotFound } from './auth-errors.ts';
import { collections } from '../../data/collections.ts';
import { readBoth } from '../../data/read-both.ts';
import { AccountDeletedError } from './account-status.ts';

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
 * `ensureProfile` callable call this, in either order and any number of times: the transaction makes
 * the first writer win and later ones read what it wrote, so `createdAt` never moves. The trigger
 * knows nothing of the phone, so a profile it made takes the locale and time zone of the app's first
 * call.
 *
 * A deleted account is never brought back: the deletion cascade writes `accountDeletions/{uid}`
 * before it deletes anything, and every call reads that record with the profile (a write, in a
 * transaction that finds no such record). A late or reordered sign-up event, or an app still
 * holding a valid ID token, then gets AccountDeletedError. Only when Auth has a user of that uid
 * created after the deletion started (a uid reused through the Admin SDK or custom tokens) is the
 * old record cleared.
 */
export async function ensureProfile(
  input: NewProfileInput,
  now: Date = new Date(),
): Promise<EnsuredProfile> {
  const outcome = await ensureOnce(input, now);
  if (!('deletion' in outcome)) return outcome;
  if (!(await isNewAccountSince(input.uid, outcome.deletion))) throw new AccountDeletedError();
  await clearDeletionRecord(input.uid, outcome.deletion);
  const retried = await ensureOnce(input, now);
  if ('deletion' in retried) throw new AccountDeletedError();
  return retried;
}

type Outcome = EnsuredProfile | { deletion: AccountDeletion };

/**
 * The common call (the profile exists, no deletion has begun, nothing to add) is one read of both
 * documents at one read time, and writes nothing. Anything else is decided again in a
 * transaction that reads both, so a write never lands once the deletion has begun.
 */
async function ensureOnce(input: NewProfileInput, now: Date): Promise<Outcome> {
  const profileRef = collections.users().doc(input.uid);
  const deletionRef = collections.accountDeletions().doc(input.uid);
  const [profile, deletion] = await readBoth(db(), profileRef, deletionRef);
  const unchanged = decide(input, now, profile.data(), deletion.data());
  if (!('write' in unchanged)) return unchanged;
  return db().runTransaction(async (transaction) => {
    const [current, started] = await readBoth(transaction, profileRef, deletionRef);
    const decided = decide(input, now, current.data(), started.data());
    if (!('write' in decided)) return decided;
    if (decided.write === 'create') transaction.create(profileRef, decided.profile);
    else transaction.update(profileRef, decided.write);
    return { profile: decided.profile, created: decided.created };
  });
}

/** What a call does given what it read: nothing, create the profile, or add the app's settings. */
function decide(
  input: NewProfileInput,
  now: Date,
  data: UserProfile | undefined,
  deletion: AccountDeletion | undefined,
): Outcome | (EnsuredProfile & { write: 'create' | Partial<UserProfile> }) {
  if (deletion !== undefined) return { deletion };
  const fromApp = {
    ...(input.locale === undefined ? {} : { locale: input.locale }),
    ...(input.timeZone === undefined ? {} : { timeZone: input.timeZone }),
  };
  // Done once the app has sent both; until then a later call may still bring the missing one.
  const awaitingAppSettings = input.locale === undefined || input.timeZone === undefined;
  if (data === undefined) {
    const profile: UserProfile = {
      ...DEFAULT_PROFILE_SETTINGS,
      notificationPrefs: { ...DEFAULT_PROFILE_SETTINGS.notificationPrefs },
      displayName: input.displayName ?? null,
      email: input.email ?? null,
      ...fromApp,
      awaitingAppSettings,
      createdAt: now,
    };
    return { profile, created: true, write: 'create' };
  }
  if (!data.awaitingAppSettings || Object.keys(fromApp).length === 0) {
    return { profile: data, created: false };
  }
  const update = { ...fromApp, awaitingAppSettings };
  return { profile: { ...data, ...update }, created: false, write: update };
}

/**
 * Whether Auth has a user with this uid created after the recorded deletion finished. Auth reports
 * creation times to the second, so an account created in the same second as the finish counts as
 * the deleted one: refusing a reused uid that early is better than resurrecting a deleted profile.
 */
async function isNewAccountSince(uid: string, deletion: AccountDeletion): Promise<boolean> {
  const { finishedAt } = deletion;
  if (finishedAt === null) return false;
  const { getAuth } = await import('firebase-admin/auth');
  try {
    const user = await getAuth(adminApp()).getUser(uid);
    return Date.parse(user.metadata.creationTime) > finishedAt.getTime();
  } catch (error) {
    if (isUserNotFound(error)) return false;
    throw error;
  }
}

async function clearDeletionRecord(uid: string, seen: AccountDeletion): Promise<void> {
  const ref = collections.accountDeletions().doc(uid);
  await db().runTransaction(async (transaction) => {
    const current = (await transaction.get(ref)).data();
    if (current?.startedAt.getTime() === seen.startedAt.getTime()) transaction.delete(ref);
  });
}
