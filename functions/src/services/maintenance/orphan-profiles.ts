import { COLLECTIONS } from '@gadget/shared';
import { runAccountDeletion } from '../accounts/account-deletion.ts';
import { missingAuthUsers } from './auth-users.ts';
import { forEachPage } from './paged-documents.ts';
import type { MaintenanceTask } from './task.ts';

/**
 * Profiles whose auth user is gone (an `onUserDeleted` event lost, or a user deleted outside the
 * app's reach) get the account-deletion cascade, which is idempotent and resumable on its own.
 */
export const orphanProfiles: MaintenanceTask = {
  name: 'orphanProfiles',
  run: (context) =>
    forEachPage(context, COLLECTIONS.users, [], async (docs) => {
      const missing = await missingAuthUsers(docs.map((doc) => doc.id));
      for (const uid of missing) {
        if (!context.dryRun) await runAccountDeletion(uid, 'maintenance');
        context.counts.fixed++;
      }
    }),
};
