import { onDocumentWritten } from 'firebase-functions/v2/firestore';
import { DeviceSchema } from '@gadget/shared';
import * as logs from '../../logs.ts';
import { fanOutContext } from '../../services/notifications/fan-out.ts';
import { notifyDeviceChange } from '../../services/notifications/device-notifications.ts';
import { eventDate, isTooOld, snapshotAs } from '../../services/platform/event-data.ts';

/**
 * A device went offline or came back, has a firmware update, or gained or lost a member: tell its
 * members, once per change. Most device writes (readings) change none of these and end here
 * without a read.
 */
export const onDeviceWritten = onDocumentWritten(
  { document: 'devices/{deviceId}', retry: true, timeoutSeconds: 120 },
  async (event) => {
    const startedAt = Date.now();
    const now = new Date();
    const { deviceId } = event.params;
    if (isTooOld(event.time, now)) {
      logs.notificationEventDropped({ trigger: 'onDeviceWritten', deviceId, eventId: event.id });
      return;
    }
    const reports = await notifyDeviceChange(
      deviceId,
      snapshotAs(DeviceSchema, event.data?.before),
      snapshotAs(DeviceSchema, event.data?.after),
      eventDate(event.time, now),
      fanOutContext(now),
    );
    for (const report of reports) {
      logs.notificationFannedOut({
        trigger: 'onDeviceWritten',
        deviceId,
        eventId: event.id,
        ...report,
        durationMs: Date.now() - startedAt,
      });
    }
  },
);
