import { db } from '../../admin.ts';
import { notifyUsers } from '../notifications/fan-out.ts';
import type { FanOutContext, Notification } from '../notifications/fan-out.ts';
import { collections, documents } from '../../data/collections.ts';

/** How long a run's marker is kept: far longer than Cloud Scheduler retries a run. */
const MARKER_TTL_MS = 7 * 24 * 3_600_000;

export type RunOutcome = 'sent' | 'duplicate' | 'in-progress' | 'gone' | 'paused';

/** A run that has not finished within this long is taken to have died; another may take over. */
const LEASE_MS = 2 * 60_000;

/**
 * Sends a schedule's reminder for one scheduled time, once. A marker per schedule and time is
 * claimed in a transaction before sending (a concurrent duplicate answers `in-progress`, which
 * Cloud Scheduler retries) and marked done after; the notification id comes from the same pair, so
 * a run retried after a crash still writes one inbox entry and pushes once per token. A deleted
 * schedule (its job not yet gone) and a paused one send nothing.
 */
export async function runScheduledReminder(
  scheduleId: string,
  scheduleTime: Date,
  context: FanOutContext,
): Promise<RunOutcome> {
  const now = context.now;
  const marker = documents.scheduleRunMarker(scheduleId, scheduleTime);
  const claim = await db().runTransaction(async (tx) => {
    const existing = (await tx.get(marker)).data();
    if (existing?.done === true) return 'duplicate' as const;
    if (existing !== undefined && existing.leaseUntil.getTime() > now.getTime())
      return 'in-progress' as const;
    tx.set(marker, {
      scheduleId,
      scheduleTime,
      done: false,
      leaseUntil: new Date(now.getTime() + LEASE_MS),
      expireAt: new Date(now.getTime() + MARKER_TTL_MS),
    });
    return 'claimed' as const;
  });
  if (claim !== 'claimed') return claim;
  try {
    const outcome = await send(scheduleId, scheduleTime, context);
    await marker.update({ done: true, outcome });
    return outcome;
  } catch (error) {
    // Let Cloud Scheduler's retry take the run over at once.
    await marker.delete().catch(() => undefined);
    throw error;
  }
}

async function send(
  scheduleId: string,
  scheduleTime: Date,
  context: FanOutContext,
): Promise<'sent' | 'gone' | 'paused'> {
  const schedule = (await collections.schedules().doc(scheduleId).get()).data();
  if (schedule === undefined) return 'gone';
  if (schedule.paused) return 'paused';

  const device =
    schedule.deviceId === null
      ? undefined
      : (await collections.devices().doc(schedule.deviceId).get()).data();
  const stillMember = device !== undefined && Object.hasOwn(device.members, schedule.ownerUid);
  const notification: Notification = {
    id: `reminder-${scheduleId}-${String(Math.floor(scheduleTime.getTime() / 1000))}`,
    content: { kind: 'reminder', text: schedule.message },
    device:
      stillMember && schedule.deviceId !== null
        ? { id: schedule.deviceId, name: device.name, muted: device.muted }
        : null,
    alertId: null,
    critical: false,
    quiet: false,
    throttled: false,
    at: scheduleTime,
  };
  await notifyUsers([schedule.ownerUid], notification, context);
  return 'sent';
}
