// deviceWatchdog: silent devices go offline, the next reading brings them back, each transition
// numbered once, and a run reads only the devices it changes.
import { describe, expect, it } from 'vitest';
import { sharedCloud } from '../helpers/product-cloud.ts';
import { reading, startTelemetryCloud, telemetryDevice } from '../helpers/telemetry.ts';
import type { TestDevice } from '../helpers/telemetry.ts';

const cloud = sharedCloud(() => startTelemetryCloud());

const MINUTE = 60_000;

async function status(device: TestDevice): Promise<{ online: unknown; transition: unknown }> {
  const snapshot = await cloud.firestore.doc(`devices/${device.deviceId}`).get();
  return { online: snapshot.get('status.online'), transition: snapshot.get('lastTransition') };
}

const submit = (device: TestDevice, id: string, minutesAgo: number) =>
  cloud.call(
    'submitReadings',
    { deviceId: device.deviceId, readings: [reading(id, minutesAgo, { temperature: 20 })] },
    { uid: device.ownerUid },
  );

describe('deviceWatchdog', () => {
  it('marks a silent device offline, and its next reading marks it online', async () => {
    const silent = await telemetryDevice(cloud, 'a');
    const chatty = await telemetryDevice(cloud, 'b', 'air-1');
    const never = await telemetryDevice(cloud, 'c');
    await submit(silent, 's1', 1);
    await submit(chatty, 'c1', 1);
    expect(await status(silent)).toMatchObject({
      online: true,
      transition: { kind: 'online', seq: 1 },
    });

    // 16 minutes later the chatty one has spoken again, the silent one has not.
    const later = Date.now() + 16 * MINUTE;
    await cloud.firestore
      .doc(`devices/${chatty.deviceId}`)
      .update({ 'status.lastSeenAt': new Date(later - MINUTE) });
    // The watchdog's own cost: the offline push it causes is delivered a second later, after the
    // count is taken (the notification flow has budgets of its own).
    cloud.cloud.configureDelivery({ delayMs: 1_000 });
    cloud.resetOps();
    await cloud.runSchedule('deviceWatchdog', new Date(later));
    // The silent device, and the overdue-commands query (one read when it finds none).
    expect(cloud.ops()).toMatchObject({ reads: 1 + 1, writes: 1 });
    await cloud.idle();
    cloud.cloud.configureDelivery({ delayMs: 0 });

    const offline = await status(silent);
    expect(offline).toMatchObject({ online: false, transition: { kind: 'offline', seq: 2 } });
    expect((offline.transition as { at: { toMillis(): number } }).at.toMillis()).toBe(later);
    expect(await status(chatty)).toMatchObject({ online: true });
    expect(await status(never)).toMatchObject({ online: false, transition: undefined });

    // A repeated or late run changes nothing more.
    cloud.resetOps();
    await cloud.runSchedule('deviceWatchdog', new Date(later + 5 * MINUTE));
    await cloud.idle();
    expect(cloud.ops().writes).toBe(0);
    expect(await status(silent)).toEqual(offline);

    await submit(silent, 's2', 0);
    expect(await status(silent)).toMatchObject({
      online: true,
      transition: { kind: 'online', seq: 3 },
    });
  });

  it('a backlog of old readings does not make an offline device look online', async () => {
    const device = await telemetryDevice(cloud);
    await submit(device, 'old', 60);
    expect(await status(device)).toMatchObject({ online: false, transition: undefined });
  });

  it('reads one document per query when nothing is silent and no command is overdue', async () => {
    const device = await telemetryDevice(cloud);
    await submit(device, 'r', 1);
    cloud.resetOps();
    await cloud.runSchedule('deviceWatchdog', new Date());
    await cloud.idle();
    expect(cloud.ops()).toMatchObject({ reads: 2, writes: 0 });
  });
});
