import { Timestamp } from 'firebase-admin/firestore';
import { PUSH_TOKEN_STALE_AFTER_MS } from '@gadget/shared';
import { collections } from '../../data/collections.ts';
import { deleteStaleTokens } from '../notifications/tokens.ts';
import type { MaintenanceTask } from './task.ts';

/**
 * Push tokens not refreshed for 60 days: the app refreshes a live one at every start, so these
 * belong to uninstalled apps or retired phones. A run deletes them all (a user has at most a
 * handful), each only if unchanged since it was read.
 */
export const stalePushTokens: MaintenanceTask = {
  name: 'stalePushTokens',
  run: async (context) => {
    if (!context.canRunPage()) return false;
    await context.page(
      async () => {
        context.counts.deleted += context.dryRun
          ? await countStaleTokens(context.now)
          : await deleteStaleTokens(context.now, context.pageSize);
      },
      () => null,
    );
    return true;
  },
};

async function countStaleTokens(now: Date): Promise<number> {
  const cutoff = Timestamp.fromMillis(now.getTime() - PUSH_TOKEN_STALE_AFTER_MS);
  const snapshot = await collections.allPushTokens().where('updatedAt', '<', cutoff).count().get();
  return snapshot.data().count;
}
