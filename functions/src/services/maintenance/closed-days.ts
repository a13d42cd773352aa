import { Timestamp } from 'firebase-admin/firestore';
import { db } from '../../admin.ts';
import { closeDays, closedBefore } from '../telemetry/recent-hours.ts';
import { drainPages } from './paged-documents.ts';
import type { MaintenanceTask } from './task.ts';
import { collections } from '../../data/collections.ts';

/**
 * Moves the hour aggregates of days no reading can reach any more from each device's
 * `recentHours` into `days/{yyyy-MM-dd}`: per device one read and one write, plus one write per
 * day moved, once a night, instead of a daily document written by every submission. Devices whose
 * oldest recent hour lies in a closed day are found with `recentSince <` the cutoff (a single-field
 * index); a moved device no longer matches, so a resumed run starts from the first. Each device is
 * moved in a transaction, so a submission landing at the same time is neither lost nor moved twice.
 * Counts each day moved as fixed.
 */
export const closedDays: MaintenanceTask = {
  name: 'closedDays',
  run: (context) => {
    const cutoff = closedBefore(context.now);
    return drainPages(
      context,
      collections
        .devices()
        .where('recentSince', '<', Timestamp.fromDate(cutoff))
        .orderBy('recentSince')
        .select('recentSince'),
      async (docs) => {
        for (const doc of docs) {
          context.counts.fixed += await moveDevice(doc.id, cutoff, context.dryRun);
        }
      },
      // A device whose recentSince is behind its hours has nothing to move and still matches.
      { cursorAfter: () => null },
    );
  },
};

async function moveDevice(deviceId: string, cutoff: Date, dryRun: boolean): Promise<number> {
  const deviceRef = collections.devices().doc(deviceId);
  return db().runTransaction(async (transaction) => {
    const device = (await transaction.get(deviceRef)).data();
    if (device === undefined) return 0;
    const { days, deviceUpdate } = closeDays(device, cutoff);
    if (dryRun || days.size === 0) return days.size;
    for (const [key, day] of days) {
      transaction.set(collections.days(deviceId).doc(key), day, { merge: true });
    }
    transaction.update(deviceRef, deviceUpdate);
    return days.size;
  });
}
