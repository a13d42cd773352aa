import { onDocumentWritten } from 'firebase-functions/v2/firestore';
import { DeviceSchema } from '@gadget/shared';
import * as logs from '../../logs.ts';
import { fanOutContext } from '../../services/notifications/fan-out.ts';
import { notifyDeviceChange } from '../../services/notifications/device-notifications.ts';
import { mayCarryNews } from '../../services/notifications/device-news-signals.ts';
import { snapshotAs } from '../../data/snapshots.ts';
import { eventDate, isTooOld } from '../event-time.ts';
import { membersReleasedBy } from '../../services/devices/release-notice.ts';

/**
 * A device went offline or came back, or gained or lost a member: tell its members, once per
 * change. Most device writes (readings, settings) change none of these and end here without a
 * read, and without parsing the device.
 */
export const onDeviceWritten = onDocumentWritten(
  { document: 'devices/{deviceId}', retry: true, timeoutSeconds: 120 },
  async (event) => {
    const startedAt = Date.now();
    const now = new Date();
    const { deviceId } = event.params;
    if (!mayCarryNews(event.data?.before.data(), event.data?.after.data())) return;
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
      membersReleasedBy(event.data?.before.data(), event.data?.after.data()),
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
