import { accountDeletionRef } from './account-deletion-record.ts';

/**
 * Whether the account's deletion has begun (its tombstone exists). ID tokens stay valid for up to
 * an hour after the auth user is gone, and deletion elsewhere (the console, the Admin SDK) reaches
 * us through `onUserDeleted`, which writes the same tombstone: this one point read covers both.
 */
export async function accountDeleted(uid: string): Promise<boolean> {
  return (await accountDeletionRef(uid).get()).exists;
}
