import { FieldPath, Timestamp } from 'firebase-admin/firestore';
import type { DocumentReference } from 'firebase-admin/firestore';
import { ACCOUNT_DELETION_STEPS, storagePrefixes } from '@gadget/shared';
import type { AccountDeletion, AccountDeletionStep, Device } from '@gadget/shared';
import { adminApp, db } from '../../admin.ts';
import * as logs from '../../logs.ts';
import { isUserNotFound } from './auth-errors.ts';
import { TOMBSTONE_DAYS } from './account-deletion-record.ts';
import { removeMembership } from '../sharing/membership.ts';
import { handOverOrRelease } from '../sharing/owner-leaving.ts';
import { deleteSchedulesOfUser } from '../schedules/schedule-cleanup.ts';
import { deleteInPages } from '../../data/batches.ts';
import { deleteObjectsUnder } from '../../storage-bucket.ts';
import { collections } from '../../data/collections.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export type DeletionSource = 'callable' | 'auth-trigger' | 'maintenance';

export interface DeletionOutcome {
  /** True when an earlier run had already finished, so nothing was done. */
  readonly alreadyFinished: boolean;
  readonly stepsRun: readonly AccountDeletionStep[];
}

/**
 * `deleteAccount`: the data first, then the sign-in. Only when the cascade has finished is the auth
 * user deleted, so the app never hears of success while data remains; the `onUserDeleted` event
 * that follows finds the finished record. Repeating it after a failure resumes where it stopped.
 */
export async function deleteAccount(uid: string): Promise<DeletionOutcome> {
  const { getAuth } = await import('firebase-admin/auth');
  // No new ID tokens from here on; the tombstone the cascade writes first refuses current ones.
  try {
    await getAuth(adminApp()).revokeRefreshTokens(uid);
  } catch (error) {
    if (!isUserNotFound(error)) throw error;
  }
  const outcome = await runAccountDeletion(uid, 'callable');
  try {
    await getAuth(adminApp()).deleteUser(uid);
  } catch (error) {
    if (!isUserNotFound(error)) throw error;
  }
  return outcome;
}

/**
 * Deletes everything of a user's, step by step (see ACCOUNT_DELETION_STEPS), recording each finished
 * step in `accountDeletions/{uid}`. Every step is idempotent, so a run that fails part-way is simply
 * run again (the trigger is retried, the app retries the callable) and resumes after the last
 * recorded step; a run after a finished one does nothing. The record is written before anything is
 * deleted: from then on `ensureProfile` refuses to recreate the profile.
 */
export async function runAccountDeletion(
  uid: string,
  source: DeletionSource,
): Promise<DeletionOutcome> {
  const startedAt = Date.now();
  const ref = collections.accountDeletions().doc(uid);
  const progress = await startOrResume(ref, new Date());
  if (progress.finishedAt !== null) {
    logs.accountDeletionAlreadyFinished({ uid, source });
    return { alreadyFinished: true, stepsRun: [] };
  }
  const stepsRun: AccountDeletionStep[] = [];
  for (const step of ACCOUNT_DELETION_STEPS) {
    if (progress.steps[step] !== undefined) continue;
    const stepStartedAt = Date.now();
    const count = await STEPS[step](uid);
    await ref.update(new FieldPath('steps', step), Timestamp.now());
    stepsRun.push(step);
    logs.accountDeletionStepDone({
      uid,
      source,
      step,
      count,
      durationMs: Date.now() - stepStartedAt,
    });
  }
  const finishedAt = new Date();
  await ref.update({
    finishedAt: Timestamp.fromDate(finishedAt),
    expireAt: Timestamp.fromMillis(finishedAt.getTime() + TOMBSTONE_DAYS * DAY_MS),
  });
  logs.accountDeletionFinished({ uid, source, stepsRun, durationMs: Date.now() - startedAt });
  return { alreadyFinished: false, stepsRun };
}

/** Creates the deletion record, or returns the one an earlier (possibly failed) run left. */
async function startOrResume(
  ref: DocumentReference<AccountDeletion>,
  now: Date,
): Promise<AccountDeletion> {
  return db().runTransaction(async (transaction) => {
    const existing = (await transaction.get(ref)).data();
    if (existing !== undefined) return existing;
    const fresh: AccountDeletion = {
      startedAt: now,
      steps: {},
      finishedAt: null,
      expireAt: new Date(now.getTime() + TOMBSTONE_DAYS * DAY_MS),
    };
    transaction.create(ref, fresh);
    return fresh;
  });
}

/** Each step returns how many things it deleted or handed over, for the logs. */
const STEPS: Record<AccountDeletionStep, (uid: string) => Promise<number>> = {
  ownedDevices: leaveOwnedDevices,
  memberships: leaveSharedDevices,
  invites: deleteInvitesCreatedBy,
  schedules: deleteSchedulesOfUser,
  storage: deleteUserObjects,
  profile: deleteProfile,
};

/** Owned devices go to their longest-standing admin, or are released when there is none. */
async function leaveOwnedDevices(uid: string): Promise<number> {
  const owned = await collections.devices().where('ownerUid', '==', uid).get();
  for (const doc of owned.docs) await leaveDevice(doc.id, doc.data(), uid);
  return owned.size;
}

/**
 * Memberships in other people's devices. A device the user came to own after the first step
 * (claimed or handed over meanwhile) is handled as an owned one.
 */
async function leaveSharedDevices(uid: string): Promise<number> {
  const shared = await collections.devices().where('memberUids', 'array-contains', uid).get();
  for (const doc of shared.docs) await leaveDevice(doc.id, doc.data(), uid);
  return shared.size;
}

async function leaveDevice(deviceId: string, device: Device, uid: string): Promise<void> {
  if (device.ownerUid !== uid) {
    await removeMembership(deviceId, uid);
    return;
  }
  // If removing the former owner after a transfer fails, the retry finds the device through
  // `memberUids` in the next step.
  await handOverOrRelease(deviceId, device, uid);
}

/** Invites the user made, pending or used: they name the user and are no use without them. */
async function deleteInvitesCreatedBy(uid: string): Promise<number> {
  return deleteInPages(collections.invites().where('createdBy', '==', uid).select());
}

async function deleteUserObjects(uid: string): Promise<number> {
  const counts = await Promise.all(
    [
      storagePrefixes.userUploads(uid),
      storagePrefixes.userImages(uid),
      storagePrefixes.userExports(uid),
    ].map(deleteObjectsUnder),
  );
  return counts.reduce((sum, count) => sum + count, 0);
}

/**
 * The profile last: earlier steps may still write to the user's inbox (a device handed over, a
 * membership ended). Every subcollection goes, including ones added after this was written.
 */
async function deleteProfile(uid: string): Promise<number> {
  const profile = collections.users().doc(uid);
  let deleted = 0;
  for (const subcollection of await profile.listCollections()) {
    deleted += await deleteInPages(subcollection.select());
  }
  await profile.delete();
  return deleted + 1;
}

/**
 * Runs every step again, ignoring the record: for a call that was already past the account check
 * when the deletion began, and may have written after the step that deletes what it wrote.
 */
export async function sweepAccount(uid: string): Promise<void> {
  for (const step of ACCOUNT_DELETION_STEPS) await STEPS[step](uid);
  logs.accountSwept({ uid });
}
