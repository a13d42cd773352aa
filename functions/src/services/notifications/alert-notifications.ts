import { BATTERY_LOW_RULE } from '@gadget/shared';
import type { Alert } from '@gadget/shared';
import { collections } from '../../admin.ts';
import { notifyUsers } from './fan-out.ts';
import type { FanOutContext, FanOutReport, Notification } from './fan-out.ts';
import { isThrottled } from './throttle.ts';

const BATTERY_RULE_ID = `${BATTERY_LOW_RULE.metric}-low`;

/** What an alert document's change means for the people: opened (or reopened), escalated, cleared. */
export type AlertPhase = 'open' | 'critical' | 'cleared';

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
 * threshold alerts as `alert`, their clearing as a quieter `alert-cleared`.
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
  const device = (await collections.devices().doc(deviceId).get()).data();
  if (device === undefined) return null;

  const id = alertNotificationId(deviceId, alertId, phase, after);
  const critical = after.severity === 'critical' && phase !== 'cleared';
  const direction = after.rule.endsWith('-max') ? 'above' : 'below';
  const content: Notification['content'] = battery
    ? { kind: 'battery', value: after.value, critical }
    : phase === 'cleared'
      ? { kind: 'alert-cleared', metric: after.metric, value: after.clearedValue }
      : {
          kind: 'alert',
          metric: after.metric,
          value: after.value,
          threshold: after.threshold,
          direction,
          critical,
        };
  const throttled = battery ? await isThrottled(deviceId, 'battery', id, at) : false;
  return notifyUsers(
    Object.keys(device.members),
    {
      id,
      content,
      device: { id: deviceId, name: device.name, muted: device.muted },
      alertId,
      critical,
      quiet: phase === 'cleared',
      throttled,
      at,
    },
    context,
  );
}
