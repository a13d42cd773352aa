import { db } from '../../admin.ts';
import { ALERT_PUSH_WINDOW_MINUTES } from '../../config.ts';
import { documents } from '../../data/collections.ts';
import { decideAlertPush } from './alert-throttle.ts';
import type { AlertPushAction, AlertPushEvent } from './alert-throttle.ts';

export function alertPushWindowMs(): number {
  return ALERT_PUSH_WINDOW_MINUTES.value() * 60_000;
}

/**
 * Decides an alert change against its rule's window and stores the window, in one transaction,
 * so two changes of the same rule delivered at once are decided one after the other.
 */
export async function throttleAlertPush(
  deviceId: string,
  rule: string,
  event: AlertPushEvent,
): Promise<AlertPushAction> {
  const ref = documents.alertPushWindow(deviceId, rule);
  const windowMs = alertPushWindowMs();
  return db().runTransaction(async (transaction) => {
    const stored = (await transaction.get(ref)).data();
    const decision = decideAlertPush(stored, event, windowMs, deviceId, rule);
    if (decision.window !== null) transaction.set(ref, decision.window);
    return decision.action;
  });
}
