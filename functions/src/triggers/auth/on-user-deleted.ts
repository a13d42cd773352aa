import { onUserDeleted as onAuthUserDeleted } from 'firebase-functions/identity';
import { runAccountDeletion } from '../../services/accounts/account-deletion.ts';

/**
 * Runs the deletion cascade for an account deleted anywhere (the console, the Admin SDK, or
 * `deleteAccount`, whose run has then already finished and this one does nothing). Retried on
 * failure; each retry resumes after the last finished step.
 */
export const onUserDeleted = onAuthUserDeleted(
  { retry: true, timeoutSeconds: 540 },
  async (event) => {
    await runAccountDeletion(event.data.uid, 'auth-trigger');
  },
);
