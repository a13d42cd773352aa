import { DEFAULT_PROFILE_SETTINGS } from '@gadget/shared';
import type { AccountDeletion, UserProfile } from '@gadget/shared';
import { adminApp, collections, db } from '../../admin.ts';
import { DomainError } from '../../errors.ts';
import { isUserNotFound } from '../platform/auth-errors.ts';
import { accountDeletionRef } from './account-deletion-record.ts';

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

/** The profile is not recreated: its account was deleted (see `accountDeletions/{uid}`). */
export class AccountDeletedError extends DomainError {
  constructor() {
    super('failed-precondition', 'This account has been deleted.');
    this.name = 'AccountDeletedError';
  }
}

/**
 * Creates `users/{uid}` with defaults unless it exists. Both the sign-up trigger and the
 * `ensureProfile` callable call this, in either order and any number of times: the transaction makes
 * the first writer win and later ones read what it wrote, so `createdAt` never moves. The trigger
 * knows nothing of the phone, so a profile it made takes the locale and time zone of the app's first
 * call.
 *
 * A deleted account is never brought back: the deletion cascade writes `accountDeletions/{uid}`
 * before it deletes anything, and the profile is only created in a transaction that finds no such
 * record. A late or reordered sign-up event, or an app still holding a valid ID token, then gets
 * AccountDeletedError. Only when Auth has a user of that uid created after the deletion started
 * (a uid reused through the Admin SDK or custom tokens) is the old record cleared.
 */
export async function ensureProfile(
  input: NewProfileInput,
  now: Date = new Date(),
): Promise<EnsuredProfile> {
  const outcome = await ensureInTransaction(input, now);
  if (!('deletion' in outcome)) return outcome;
  if (!(await isNewAccountSince(input.uid, outcome.deletion))) throw new AccountDeletedError();
  await clearDeletionRecord(input.uid, outcome.deletion);
  const retried = await ensureInTransaction(input, now);
  if ('deletion' in retried) throw new AccountDeletedError();
  return retried;
}

async function ensureInTransaction(
  input: NewProfileInput,
  now: Date,
): Promise<EnsuredProfile | { deletion: AccountDeletion }> {
  const ref = collections.users().doc(input.uid);
  const fromApp = {
    ...(input.locale === undefined ? {} : { locale: input.locale }),
    ...(input.timeZone === undefined ? {} : { timeZone: input.timeZone }),
  };
  return db().runTransaction(async (transaction) => {
    const data = (await transaction.get(ref)).data();
    if (data === undefined) {
      // Read only on the creating path, so the common call (profile exists) costs one read.
      const deletion = (await transaction.get(accountDeletionRef(input.uid))).data();
      if (deletion !== undefined) return { deletion };
      const profile: UserProfile = {
        ...DEFAULT_PROFILE_SETTINGS,
        notificationPrefs: { ...DEFAULT_PROFILE_SETTINGS.notificationPrefs },
        displayName: input.displayName ?? null,
        email: input.email ?? null,
        ...fromApp,
        awaitingAppSettings: input.locale === undefined || input.timeZone === undefined,
        createdAt: now,
      };
      transaction.create(ref, profile);
      return { profile, created: true };
    }
    if (!data.awaitingAppSettings || Object.keys(fromApp).length === 0) {
      return { profile: data, created: false };
    }
    // Done once the app has sent both; until then a later call may still bring the missing one.
    const awaitingAppSettings = input.locale === undefined || input.timeZone === undefined;
    transaction.update(ref, { ...fromApp, awaitingAppSettings });
    return { profile: { ...data, ...fromApp, awaitingAppSettings }, created: false };
  });
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
  const ref = accountDeletionRef(uid);
  await db().runTransaction(async (transaction) => {
    const current = (await transaction.get(ref)).data();
    if (current?.startedAt.getTime() === seen.startedAt.getTime()) transaction.delete(ref);
  });
}
