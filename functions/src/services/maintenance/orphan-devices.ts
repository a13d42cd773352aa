import { COLLECTIONS } from '@gadget/shared';
import { collections } from '../../admin.ts';
import { releaseDevice } from '../devices/device-release.ts';
import {
  longestStandingAdmin,
  removeMembership,
  transferOwnership,
} from '../sharing/membership.ts';
import { missingAuthUsers } from './auth-users.ts';
import { forEachPage } from './paged-documents.ts';
import type { MaintenanceTask } from './task.ts';

/**
 * Devices whose owner's auth user is gone are handled as the account-deletion cascade handles an
 * owned device: handed to the longest-standing admin (the old owner then removed), else released.
 */
export const orphanDevices: MaintenanceTask = {
  name: 'orphanDevices',
  run: (context) =>
    forEachPage(context, COLLECTIONS.devices, ['ownerUid'], async (docs) => {
      const owners = docs.map((doc) => doc.get('ownerUid') as unknown);
      const missing = await missingAuthUsers(
        owners.filter((uid): uid is string => typeof uid === 'string'),
      );
      for (const doc of docs) {
        const ownerUid = doc.get('ownerUid') as unknown;
        if (typeof ownerUid !== 'string' || !missing.has(ownerUid)) continue;
        if (!context.dryRun) await leaveOrphanDevice(doc.id, ownerUid);
        context.counts.fixed++;
      }
    }),
};

async function leaveOrphanDevice(deviceId: string, ownerUid: string): Promise<void> {
  const device = (await collections.devices().doc(deviceId).get()).data();
  // Gone or handed over since the page was read: nothing left to do for this owner.
  if (device?.ownerUid !== ownerUid) return;
  const heir = longestStandingAdmin(device);
  if (heir === undefined) {
    await releaseDevice(deviceId, 'owner-deleted');
    return;
  }
  await transferOwnership(deviceId, ownerUid, heir);
  await removeMembership(deviceId, ownerUid);
}
