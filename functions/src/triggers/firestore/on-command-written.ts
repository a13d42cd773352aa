import { onDocumentWritten } from 'firebase-functions/v2/firestore';
import { CommandDocSchema } from '@gadget/shared';
import * as logs from '../../logs.ts';
import { notifyCommandOutcome } from '../../services/notifications/command-notifications.ts';
import { fanOutContext } from '../../services/notifications/fan-out.ts';
import { snapshotAs } from '../../data/snapshots.ts';
import { eventDate, isTooOld } from '../event-time.ts';

/**
 * A command failed, was rejected, timed out or expired: tell the member who sent it, once. Retried
 * on failure (FCM over quota, Firestore trouble); the inbox entry remembers which tokens already
 * got the push, so neither a retry nor a redelivery pushes twice.
 */
export const onCommandWritten = onDocumentWritten(
  { document: 'devices/{deviceId}/commands/{commandId}', retry: true, timeoutSeconds: 120 },
  async (event) => {
    const startedAt = Date.now();
    const now = new Date();
    const { deviceId, commandId } = event.params;
    if (isTooOld(event.time, now)) {
      logs.notificationEventDropped({
        trigger: 'onCommandWritten',
        deviceId,
        commandId,
        eventId: event.id,
      });
      return;
    }
    const result = await notifyCommandOutcome(
      deviceId,
      commandId,
      snapshotAs(CommandDocSchema, event.data?.before),
      snapshotAs(CommandDocSchema, event.data?.after),
      eventDate(event.time, now),
      fanOutContext(now),
    );
    if (result === null) return;
    if (!result.told) {
      logs.commandNotificationSilenced({
        deviceId,
        commandId,
        eventId: event.id,
        reason: result.reason,
      });
      return;
    }
    logs.notificationFannedOut({
      trigger: 'onCommandWritten',
      deviceId,
      commandId,
      eventId: event.id,
      outcome: result.outcome,
      ...result.report,
      durationMs: Date.now() - startedAt,
    });
  },
);
