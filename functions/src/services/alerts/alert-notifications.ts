import { BATTERY_LOW_RULE } from '@gadget/shared';
import type { Alert } from '@gadget/shared';

import { notifyUsers } from '../notifications/fan-out.ts';
import type { FanOutContext, FanOutReport, Notification } from '../notifications/fan-out.ts';
import { throttleAlertPush } from './alert-push-windows.ts';
import type { AlertPhase } from './alert-throttle.ts';
import { isThrottled } from '../notifications/throttle.ts';
import { collections } from '../../data/collections.ts';

const BATTERY_RULE_ID = `${BATTERY_LOW_RULE.metric}-low`;

export type { AlertPhase } from './alert-throttle.ts';

/**
 * The phase a write moved the alert into, or null when it moved nothing people hear about
 * (acknowledged, values updated, deleted). Reopening is `open` again with a higher reopenCount.
 */
export function alertPhaseOf(
  before: Alert | undefined,
  after: Alert | undefined,
): AlertPhase | null {
  if (after === undefined) return null;
  const wasOpen = before !== undefined && before.state !== 'cleared';
  if (after.state === 'cleared') return wasOpen ? 'cleared' : null;
  if (!wasOpen || before.reopenCount !== after.reopenCount)
    return after.state === 'active' ? 'open' : null;
  if (before.severity === 'warning' && after.severity === 'critical') return 'critical';
  return null;
}

/** `alert-{deviceId}-{alertId}-{phase}-{reopenCount}`: one per phase of each opening. */
export function alertNotificationId(
  deviceId: string,
  alertId: string,
  phase: AlertPhase,
  alert: Alert,
): string {
  return `alert-${deviceId}-${alertId}-${phase}-${String(alert.reopenCount)}`;
}

/**
 * Notifies the device's members of an alert's change. Battery low is told as kind `battery`
 * (throttled like other status news, and nothing when it clears: a charged battery is no news);
 * threshold alerts as `alert`, their clearing as a quieter `alert-cleared`, through the alert push
 * throttle (`alert-throttle.ts`): a deferred clear returns null and is told at its window's end.
 */
export async function notifyAlertChange(
  deviceId: string,
  alertId: string,
  before: Alert | undefined,
  after: Alert | undefined,
  at: Date,
  context: FanOutContext,
): Promise<FanOutReport | null> {
  const phase = alertPhaseOf(before, after);
  if (phase === null || after === undefined) return null;
  const battery = after.rule === BATTERY_RULE_ID;
  if (battery && phase === 'cleared') return null;
  const id = alertNotificationId(deviceId, alertId, phase, after);
  if (battery) {
    const throttled = await isThrottled(deviceId, 'battery', id, at);
    return tellMembers(deviceId, alertId, phase, after, { at, throttled }, context);
  }
  const action = await throttleAlertPush(deviceId, after.rule, {
    phase,
    notificationId: id,
    alertId,
    at,
    severity: after.severity,
    openedAt: after.openedAt,
  });
  if (action === 'defer') return null;
  return tellMembers(
    deviceId,
    alertId,
    phase,
    after,
    { at, throttled: action === 'inbox-only' },
    context,
  );
}

/** Writes one phase of an alert to the members' inboxes and pushes it unless `throttled`. */
export async function tellMembers(
  deviceId: string,
  alertId: string,
  phase: AlertPhase,
  alert: Alert,
  circumstances: { readonly at: Date; readonly throttled: boolean },
  context: FanOutContext,
): Promise<FanOutReport | null> {
  const device = (await collections.devices().doc(deviceId).get()).data();
  if (device === undefined) return null;
  const battery = alert.rule === BATTERY_RULE_ID;
  const critical = alert.severity === 'critical' && phase !== 'cleared';
  const direction = alert.rule.endsWith('-max') ? 'above' : 'below';
  const content: Notification['content'] = battery
    ? { kind: 'battery', value: alert.value, critical }
    : phase === 'cleared'
      ? { kind: 'alert-cleared', metric: alert.metric, value: alert.clearedValue }
      : {
          kind: 'alert',
          metric: alert.metric,
          value: alert.value,
          threshold: alert.threshold,
          direction,
          critical,
        };
  return notifyUsers(
    Object.keys(device.members),
    {
      id: alertNotificationId(deviceId, alertId, phase, alert),
      content,
      device: { id: deviceId, name: device.name, muted: device.muted },
      alertId,
      critical,
      quiet: phase === 'cleared',
      throttled: circumstances.throttled,
      at: circumstances.at,
    },
    context,
  );
}
