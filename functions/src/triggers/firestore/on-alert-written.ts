import { onDocumentWritten } from 'firebase-functions/v2/firestore';
import { AlertSchema } from '@gadget/shared';
import * as logs from '../../logs.ts';
import { notifyAlertChange } from '../../services/alerts/alert-notifications.ts';
import { fanOutContext } from '../../services/notifications/fan-out.ts';
import { snapshotAs } from '../../data/snapshots.ts';
import { eventDate, isTooOld } from '../event-time.ts';

/**
 * An alert opened, reopened, turned critical or cleared: tell the device's members. Retried on
 * failure (FCM over quota, Firestore trouble); the inbox entries remember which tokens already got
 * the push, so neither a retry nor a redelivery pushes twice.
 */
export const onAlertWritten = onDocumentWritten(
  { document: 'devices/{deviceId}/alerts/{alertId}', retry: true, timeoutSeconds: 120 },
  async (event) => {
    const startedAt = Date.now();
    const now = new Date();
    const { deviceId, alertId } = event.params;
    if (isTooOld(event.time, now)) {
      logs.notificationEventDropped({ trigger: 'onAlertWritten', deviceId, eventId: event.id });
      return;
    }
    const report = await notifyAlertChange(
      deviceId,
      alertId,
      snapshotAs(AlertSchema, event.data?.before),
      snapshotAs(AlertSchema, event.data?.after),
      eventDate(event.time, now),
      fanOutContext(now),
    );
    if (report !== null) {
      logs.notificationFannedOut({
        trigger: 'onAlertWritten',
        deviceId,
        eventId: event.id,
        ...report,
        durationMs: Date.now() - startedAt,
      });
    }
  },
);
