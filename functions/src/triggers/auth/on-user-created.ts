import { onUserCreated as onAuthUserCreated } from 'firebase-functions/identity';
import * as logs from '../../logs.ts';
import { AccountDeletedError } from '../../services/accounts/account-status.ts';
import { ensureProfile } from '../../services/accounts/accounts.ts';

/**
 * Creates the profile as soon as the account exists. Retried on failure; a redelivered or late event
 * finds the profile already there (possibly made by `ensureProfile`) and changes nothing, and one
 * arriving after the account was deleted again finds its deletion record and creates nothing.
 */
export const onUserCreated = onAuthUserCreated({ retry: true }, async (event) => {
  const user = event.data;
  try {
    const { created } = await ensureProfile({
      uid: user.uid,
      displayName: user.displayName ?? null,
      email: user.email ?? null,
    });
    if (created) logs.profileCreated({ uid: user.uid, source: 'auth-trigger' });
    else logs.profileAlreadyExisted({ uid: user.uid, source: 'auth-trigger' });
  } catch (error) {
    if (!(error instanceof AccountDeletedError)) throw error;
    logs.profileNotRecreated({ uid: user.uid, source: 'auth-trigger' });
  }
});
