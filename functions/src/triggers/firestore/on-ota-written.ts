import { onDocumentWritten } from 'firebase-functions/v2/firestore';
import { OtaDocSchema } from '@gadget/shared';
import * as logs from '../../logs.ts';
import { notifyUpdateOutcome } from '../../services/notifications/update-notifications.ts';
import { fanOutContext } from '../../services/notifications/fan-out.ts';
import { snapshotAs } from '../../data/snapshots.ts';
import { eventDate, isTooOld } from '../event-time.ts';

/**
 * A gadget's update waits for approval, failed, rolled back or succeeded: tell the owner and
 * admins, once. Retried on failure; the inbox entry remembers which tokens got the push, so neither
 * a retry nor a redelivery pushes twice.
 */
export const onOtaWritten = onDocumentWritten(
  { document: 'devices/{deviceId}/ota/{otaId}', retry: true, timeoutSeconds: 120 },
  async (event) => {
    const startedAt = Date.now();
    const now = new Date();
    const { deviceId } = event.params;
    if (isTooOld(event.time, now)) {
      logs.notificationEventDropped({ trigger: 'onOtaWritten', deviceId, eventId: event.id });
      return;
    }
    const result = await notifyUpdateOutcome(
      deviceId,
      snapshotAs(OtaDocSchema, event.data?.before),
      snapshotAs(OtaDocSchema, event.data?.after),
      eventDate(event.time, now),
      fanOutContext(now),
    );
    if (result === null) return;
    if (!result.told) {
      logs.updateNotificationSilenced({ deviceId, eventId: event.id, reason: result.reason });
      return;
    }
    logs.notificationFannedOut({
      trigger: 'onOtaWritten',
      deviceId,
      eventId: event.id,
      outcome: result.outcome,
      ...result.report,
      durationMs: Date.now() - startedAt,
    });
  },
);
