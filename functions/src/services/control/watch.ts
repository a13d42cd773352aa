import { WATCH } from '@gadget/shared';
import { db } from '../../admin.ts';
import { collections } from '../../data/collections.ts';
import { requireRole } from '../devices/device-access.ts';
import { consumeRateLimitsInTransaction } from '../limits/rate-limits.ts';
import type { RateLimit } from '../limits/rate-limits.ts';
import { controlOf } from './control-state.ts';

/** watchDevice calls per user per minute: a screen open on several devices, with room to spare. */
export function watchRateLimit(uid: string): RateLimit {
  return { key: `watch:${uid}`, limit: 20, windowMs: 60_000 };
}

/**
 * `watchDevice`: any member. The device's `control.watchUntil` moves to two minutes from now,
 * unless it already reaches more than a minute ahead: however many members and screens call,
 * the device document is written at most about once a minute.
 */
export async function watchDevice(
  uid: string,
  deviceId: string,
  now: Date = new Date(),
): Promise<{ watchUntil: Date }> {
  const ref = collections.devices().doc(deviceId);
  return db().runTransaction(async (transaction) => {
    const { device } = requireRole((await transaction.get(ref)).data(), uid, [
      'owner',
      'admin',
      'viewer',
    ]);
    await consumeRateLimitsInTransaction(
      transaction,
      [watchRateLimit(uid)],
      now,
      'Too many watch calls. Try again in a minute.',
    );
    const control = controlOf(device);
    const current = control.watchUntil?.getTime() ?? 0;
    if (current - now.getTime() > (WATCH.seconds - 60) * 1000) {
      return { watchUntil: new Date(current) };
    }
    const watchUntil = new Date(now.getTime() + WATCH.seconds * 1000);
    transaction.update(ref, { control: { ...control, watchUntil } });
    return { watchUntil };
  });
}
