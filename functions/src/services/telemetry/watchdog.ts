import { Timestamp } from 'firebase-admin/firestore';
import type { QueryDocumentSnapshot } from 'firebase-admin/firestore';
import { DEVICE_MODELS } from '@gadget/shared';
import type { Device, DeviceModelId, StatusTransition } from '@gadget/shared';
import { collections } from '../../data/collections.ts';
import * as logs from '../../logs.ts';
import { writeUnlessChanged } from '../../data/unless-changed.ts';

export interface WatchdogReport {
  readonly candidates: number;
  readonly markedOffline: number;
  /** Devices that changed between the query and the update (a reading came in); left online. */
  readonly skipped: number;
}

/** A bound on one run; a larger backlog is finished by the next runs, 5 minutes apart. */
const MAX_DEVICES_PER_RUN = 2000;

/**
 * Marks offline the devices that are online but silent for longer than their model allows. One
 * query per distinct `offlineAfter` (`model in, status.online ==, status.lastSeenAt <`, a declared
 * composite index)
 * returns only the devices to change, so a run reads nothing else. Each update carries the
 * snapshot's update time as a precondition instead of re-reading the device in a transaction: if
 * a reading arrived since the query, the update fails and the device stays online.
 *
 * Each change records `lastTransition` {kind: 'offline', at, seq}, numbered after the previous
 * one, so a reaction to the device's change (a push) can be made once per transition.
 */
/** Models that go offline after the same silence share one query (today: all of them). */
function modelsByOfflineAfter(): Map<number, DeviceModelId[]> {
  const groups = new Map<number, DeviceModelId[]>();
  for (const model of Object.keys(DEVICE_MODELS) as DeviceModelId[]) {
    const minutes = DEVICE_MODELS[model].offlineAfterMinutes;
    groups.set(minutes, [...(groups.get(minutes) ?? []), model]);
  }
  return groups;
}

export async function markSilentDevicesOffline(now: Date): Promise<WatchdogReport> {
  const candidates: QueryDocumentSnapshot<Device>[] = [];
  for (const [minutes, models] of modelsByOfflineAfter()) {
    const cutoff = new Date(now.getTime() - minutes * 60_000);
    const snapshot = await collections
      .devices()
      .where('model', 'in', models)
      .where('status.online', '==', true)
      .where('status.lastSeenAt', '<', Timestamp.fromDate(cutoff))
      .orderBy('status.lastSeenAt')
      .limit(MAX_DEVICES_PER_RUN - candidates.length)
      .get();
    candidates.push(...snapshot.docs);
    if (candidates.length >= MAX_DEVICES_PER_RUN) break;
  }

  const { written, skipped } = await writeUnlessChanged(candidates, (writer, doc) => {
    const seq = (doc.data().lastTransition?.seq ?? 0) + 1;
    const transition: StatusTransition = { kind: 'offline', at: now, seq };
    return writer.update(
      doc.ref,
      { 'status.online': false, lastTransition: transition },
      { lastUpdateTime: doc.updateTime },
    );
  });
  for (const doc of written) {
    logs.deviceMarkedOffline({
      deviceId: doc.id,
      // The query matched it on `status.lastSeenAt`, so it has one.
      lastSeenAt: doc.data().status.lastSeenAt?.toISOString() ?? '',
    });
  }
  return {
    candidates: candidates.length,
    markedOffline: written.length,
    skipped: skipped.length,
  };
}
