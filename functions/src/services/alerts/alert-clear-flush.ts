import { AlertSchema } from '@gadget/shared';
import type { Alert, AlertPushWindow } from '@gadget/shared';
import { db } from '../../admin.ts';
import { collections } from '../../data/collections.ts';
import { untyped } from '../../data/untyped.ts';
import { tellMembers } from './alert-notifications.ts';
import { snapshotAs } from '../../data/snapshots.ts';
import type { FanOutContext } from '../notifications/fan-out.ts';

/** A bound on one run; a larger backlog is finished by the next runs, a minute apart. */
const MAX_WINDOWS_PER_RUN = 200;

export interface ClearFlushReport {
  readonly windows: number;
  /** Back-to-normal pushes told: the rule's newest alert was cleared at the window's end. */
  readonly cleared: number;
}

/**
 * At the end of each alert push window that deferred a clear, tells the members "back to normal"
 * once if the rule's newest alert seen in the window is cleared now, and nothing if it opened
 * again. The alerts themselves are read, not the events, so the order and number of deliveries
 * do not matter. The notification id is the clear's own (`…-cleared-{reopenCount}`), so a repeated
 * run, or a clear pushed directly later, finds the inbox entries and pushes nothing twice.
 */
export async function pushDeferredClears(
  now: Date,
  context: FanOutContext,
): Promise<ClearFlushReport> {
  const due = await collections
    .alertPushWindows()
    .where('flushAt', '<=', now)
    .orderBy('flushAt')
    .limit(MAX_WINDOWS_PER_RUN)
    .get();
  let cleared = 0;
  for (const doc of due.docs) {
    const window = doc.data();
    const newest = await newestAlertOf(window);
    const pushed = newest?.alert.state === 'cleared';
    if (newest !== undefined && pushed) {
      await tellMembers(
        window.deviceId,
        newest.id,
        'cleared',
        newest.alert,
        { at: now, throttled: false },
        context,
      );
      cleared++;
    }
    // Only this window's flush is settled: a newer window (or a later deferral) keeps its own.
    await db().runTransaction(async (transaction) => {
      const current = (await transaction.get(doc.ref)).data();
      if (current?.flushAt?.getTime() !== window.flushAt?.getTime()) return;
      if (current?.windowStart.getTime() !== window.windowStart.getTime()) return;
      transaction.update(doc.ref, { flushAt: null, clearPushed: pushed });
    });
  }
  return { windows: due.size, cleared };
}

async function newestAlertOf(
  window: AlertPushWindow,
): Promise<{ id: string; alert: Alert } | undefined> {
  if (window.alertIds.length === 0) return undefined;
  const snapshots = await db().getAll(
    ...window.alertIds.map((id) => untyped.alerts(window.deviceId).doc(id)),
  );
  let newest: { id: string; alert: Alert } | undefined;
  for (const snapshot of snapshots) {
    const alert = snapshotAs(AlertSchema, snapshot);
    if (alert === undefined) continue;
    if (newest === undefined || alert.openedAt.getTime() > newest.alert.openedAt.getTime())
      newest = { id: snapshot.id, alert };
  }
  return newest;
}
