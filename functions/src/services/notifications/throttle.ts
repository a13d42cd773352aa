import { STATUS_NOTIFICATION_THROTTLE_MS } from '@gadget/shared';
import type { NotificationKind } from '@gadget/shared';
import { db } from '../../admin.ts';
import { documents } from '../../data/collections.ts';

/** Kinds throttled to one push per device per 10 minutes: a flapping gadget must not spam. */
export const THROTTLED_KINDS: ReadonlySet<NotificationKind> = new Set([
  'offline',
  'online',
  'battery',
]);

/** Kinds that share a throttle window: a gadget flapping offline/online is one story. */
function familyOf(kind: NotificationKind): string {
  return kind === 'offline' || kind === 'online' ? 'connectivity' : kind;
}

/**
 * Whether a status notification must stay in the inbox because another of its family went out for
 * the device less than 10 minutes before. The window's holder is the notification that opened it,
 * so a redelivery of that very notification is never held back by itself.
 */
export async function isThrottled(
  deviceId: string,
  kind: NotificationKind,
  notificationId: string,
  at: Date,
): Promise<boolean> {
  const ref = documents.pushThrottleWindow(familyOf(kind), deviceId);
  return db().runTransaction(async (transaction) => {
    const window = (await transaction.get(ref)).data();
    if (window?.holder === notificationId) return false;
    if (
      window !== undefined &&
      at.getTime() - window.windowStart.getTime() < STATUS_NOTIFICATION_THROTTLE_MS
    ) {
      return true;
    }
    transaction.set(ref, {
      holder: notificationId,
      windowStart: at,
      expireAt: new Date(at.getTime() + STATUS_NOTIFICATION_THROTTLE_MS),
    });
    return false;
  });
}
