import type { AlertLifecycle } from '@gadget/shared';
import { collections, db } from '../../admin.ts';
import { notFound } from '../../errors.ts';
import { requireRole } from '../devices/device-access.ts';
import { alertsOf } from '../telemetry/refs.ts';

/**
 * `acknowledgeAlert`: a member moves an active alert to acknowledged. Acknowledged and cleared
 * alerts are left as they are, so a repeat (or a race with the reading that clears it) is harmless.
 */
export async function acknowledgeAlert(
  uid: string,
  deviceId: string,
  alertId: string,
  now: Date = new Date(),
): Promise<{ state: AlertLifecycle; changed: boolean }> {
  const deviceRef = collections.devices().doc(deviceId);
  const alertRef = alertsOf(deviceId).doc(alertId);
  return db().runTransaction(async (transaction) => {
    requireRole((await transaction.get(deviceRef)).data(), uid, ['owner', 'admin', 'viewer']);
    const alert = (await transaction.get(alertRef)).data();
    if (alert === undefined) throw notFound('No such alert on this device.');
    if (alert.state !== 'active') return { state: alert.state, changed: false };
    transaction.update(alertRef, {
      state: 'acknowledged',
      acknowledgedBy: uid,
      acknowledgedAt: now,
    });
    return { state: 'acknowledged', changed: true };
  });
}
