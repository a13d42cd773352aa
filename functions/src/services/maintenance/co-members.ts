import { COLLECTIONS, DeviceSchema } from '@gadget/shared';
import { db } from '../../admin.ts';
import { joinDevice, readCoMembers } from '../sharing/co-members.ts';
import { forEachPage } from './paged-documents.ts';
import type { MaintenanceTask, TaskContext } from './task.ts';

/**
 * Devices shared before the `users/{uid}/coMembers/{otherUid}` records existed have none, so
 * storage.rules would hide their members' avatars from each other. This adds each device to the
 * record of every ordered pair of its members, creating the record where missing, in one
 * transaction per device that reads the members again, so a member who has left since the page
 * was read gains nothing. Counts one fix per record added to. Never deletes: the membership flows
 * do, in the transactions that change `members`. Idempotent; once repaired it only reads.
 */
export const coMembers: MaintenanceTask = {
  name: 'coMembers',
  run: (context) =>
    forEachPage(context, COLLECTIONS.devices, ['members'], async (docs) => {
      for (const doc of docs) {
        // Fewer than two members: no pair to record (a member who joins since writes their own).
        if (memberUids(doc.get('members')).length < 2) continue;
        context.counts.fixed += await repairDevice(doc.id, context);
      }
    }),
};

/** Adds the device to its pairs' records where missing; answers how many records lacked it. */
async function repairDevice(deviceId: string, context: TaskContext): Promise<number> {
  const deviceRef = db().collection(COLLECTIONS.devices).doc(deviceId);
  return db().runTransaction(
    async (transaction) => {
      const device = await transaction.get(deviceRef);
      const uids = device.exists ? memberUids(device.get('members')) : [];
      const read = await readCoMembers(transaction, uids, uids);
      const missing = read.records.filter(({ data }) => !data?.deviceIds.includes(deviceId));
      if (!context.dryRun) joinDevice(transaction, read, deviceId, context.now);
      return missing.length;
    },
    context.dryRun ? { readOnly: true } : {},
  );
}

function memberUids(members: unknown): string[] {
  const parsed = DeviceSchema.shape.members.safeParse(members);
  return parsed.success ? Object.keys(parsed.data) : [];
}
