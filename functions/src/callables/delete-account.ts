import { deleteAccountContract } from '@gadget/shared';
import { defineCallable } from '../callable.ts';
import { deleteAccount as deleteAccountService } from '../services/accounts/account-deletion.ts';

/**
 * Answers only once the data and then the sign-in are gone. A user with many devices makes a long
 * cascade, hence the longer timeout; a timeout or failure is retried by calling again.
 */
export const deleteAccount = defineCallable(
  deleteAccountContract,
  async ({ uid }) => {
    await deleteAccountService(uid);
    return { deleted: true as const };
  },
  { timeoutSeconds: 540, maxInstances: 5, duringDeletion: true, recentLogin: true },
);
