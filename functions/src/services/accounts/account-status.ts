import { collections } from '../../data/collections.ts';
import { DomainError } from '../../errors.ts';

/** The account's deletion has begun or is done: nothing of it is recreated (see `accountDeletions/{uid}`). */
export class AccountDeletedError extends DomainError {
  constructor() {
    super('failed-precondition', 'This account has been deleted.');
    this.name = 'AccountDeletedError';
  }
}

/**
 * Whether the account's deletion has begun (its tombstone exists). ID tokens stay valid for up to
 * an hour after the auth user is gone, and deletion elsewhere (the console, the Admin SDK) reaches
 * us through `onUserDeleted`, which writes the same tombstone: this one point read covers both.
 */
export async function accountDeleted(uid: string): Promise<boolean> {
  return (await collections.accountDeletions().doc(uid).get()).exists;
}
