// A reading flapping across a threshold must not push on every reopen and clear: one opening push
// per alert push window (device and rule), one back-to-normal push when the window ends cleared,
// critical escalations still pushed; redelivered and reordered events add nothing.
import { beforeEach, describe, expect, it } from 'vitest';
import { sharedCloud } from '../helpers/product-cloud.ts';
import {
  reading,
  setThresholds,
  startTelemetryCloud,
  telemetryDevice,
} from '../helpers/telemetry.ts';
import type { TestDevice } from '../helpers/telemetry.ts';
import { inbox, PUSH_ENV, pushed, seedProfile, seedTokens } from './push-fixtures.ts';

const cloud = sharedCloud(() => startTelemetryCloud(PUSH_ENV));
let device: TestDevice;

beforeEach(async () => {
  await seedProfile(cloud, 'owner');
  device = await telemetryDevice(cloud, 'owner');
  await setThresholds(cloud, device, { temperature: { max: 30, hysteresis: 2 } });
  await seedTokens(cloud, device.ownerUid, 1);
  await cloud.idle();
});

/** Past the alert push window (15 minutes by default). */
const WINDOW_END_MS = 16 * 60_000;
const ALERT = 'temperature-max-1';

/** The alert pushes (threshold alerts and their clearing), leaving out status news. */
function alertPushes(): { kind: string | undefined; id: string | undefined }[] {
  return pushed(cloud)
    .filter((m) => m.data?.kind === 'alert' || m.data?.kind === 'alert-cleared')
    .map((m) => ({ kind: m.data?.kind, id: m.data?.notificationId }));
}

const id = (phase: string, reopenCount: number) =>
  `alert-${device.deviceId}-${ALERT}-${phase}-${String(reopenCount)}`;

/**
 * Submits `temperatures` one batch each (so each is its own alert write and trigger event),
 * 10 s apart and ending now, without waiting for the triggers in between.
 */
async function submitEach(prefix: string, temperatures: readonly number[]): Promise<void> {
  const base = Date.now();
  for (const [i, temperature] of temperatures.entries()) {
    const minutesAgo = ((temperatures.length - i) * 10) / 60;
    await cloud.call(
      'submitReadings',
      {
        deviceId: device.deviceId,
        readings: [reading(`${prefix}-${String(i)}`, minutesAgo, { temperature }, base)],
      },
      { uid: device.ownerUid },
    );
  }
}

/** 31 °C then 27 °C, `n` times: n openings (1 + n − 1 reopens) and n clears. */
const flaps = (n: number): number[] => Array.from({ length: n }, () => [31, 27]).flat();

async function flushWindows(): Promise<void> {
  await cloud.runSchedule('alertClearFlush', new Date(Date.now() + WINDOW_END_MS));
  await cloud.idle();
}

describe('alert push throttle', () => {
  it('20 flaps push one opening, and one back-to-normal when the window ends; the inbox keeps every reopen', async () => {
    await submitEach('f', flaps(20));
    await cloud.idle();

    const alert = await cloud.firestore.doc(`devices/${device.deviceId}/alerts/${ALERT}`).get();
    expect(alert.data()).toMatchObject({ state: 'cleared', reopenCount: 19 });
    expect(alertPushes()).toEqual([{ kind: 'alert', id: id('open', 0) }]);

    const entries = await inbox(cloud, device.ownerUid);
    const openings = Object.keys(entries).filter((key) => key.includes('-open-'));
    expect(openings.sort()).toEqual(Array.from({ length: 20 }, (_, i) => id('open', i)).sort());
    expect(entries[id('open', 0)]?.push).toMatchObject({ status: 'sent', skipped: null });
    for (let i = 1; i < 20; i++) {
      expect(entries[id('open', i)]?.push).toMatchObject({
        status: 'skipped',
        skipped: 'throttled',
      });
    }
    // The clears wait for the window's end: none is in the inbox or pushed yet.
    expect(Object.keys(entries).filter((key) => key.includes('-cleared-'))).toEqual([]);

    await flushWindows();
    expect(alertPushes()).toEqual([
      { kind: 'alert', id: id('open', 0) },
      { kind: 'alert-cleared', id: id('cleared', 19) },
    ]);
    const after = await inbox(cloud, device.ownerUid);
    expect(after[id('cleared', 19)]).toMatchObject({
      kind: 'alert-cleared',
      push: { status: 'sent' },
    });

    // Another run of the flush (a repeated schedule) tells nothing again.
    await flushWindows();
    expect(alertPushes()).toHaveLength(2);
  }, 60_000);

  it('tells no back-to-normal when the flapping ends open at the window’s end', async () => {
    await submitEach('o', [...flaps(5), 31]);
    await cloud.idle();
    await flushWindows();
    expect(alertPushes()).toEqual([{ kind: 'alert', id: id('open', 0) }]);
    const entries = await inbox(cloud, device.ownerUid);
    expect(Object.keys(entries).filter((key) => key.includes('-cleared-'))).toEqual([]);
    expect(Object.keys(entries).filter((key) => key.includes('-open-'))).toHaveLength(6);
  }, 60_000);

  it('a critical escalation inside the window still pushes; later critical reopens do not', async () => {
    // 50 °C is past 30 °C by more than 10 % of temperature's range: critical.
    await submitEach('c', [31, 27, 31, 50, 27, 31, 27, 50, 27]);
    await cloud.idle();
    expect(alertPushes()).toEqual([
      { kind: 'alert', id: id('open', 0) },
      { kind: 'alert', id: id('critical', 1) },
    ]);
    const critical = pushed(cloud).find((m) => m.data?.notificationId === id('critical', 1));
    expect(critical?.android?.priority).toBe('high');
    await flushWindows();
    expect(alertPushes().map((push) => push.kind)).toEqual(['alert', 'alert', 'alert-cleared']);
  }, 60_000);

  it('every event delivered twice adds no push', async () => {
    cloud.cloud.configureDelivery({ deliverTwice: true });
    await submitEach('t', flaps(5));
    await cloud.idle();
    expect(alertPushes()).toEqual([{ kind: 'alert', id: id('open', 0) }]);
    await flushWindows();
    expect(alertPushes()).toEqual([
      { kind: 'alert', id: id('open', 0) },
      { kind: 'alert-cleared', id: id('cleared', 4) },
    ]);
    expect(pushed(cloud).filter((m) => m.data?.kind === 'alert')).toHaveLength(1);
  }, 60_000);

  it('events delivered in reverse order push one opening and one back-to-normal', async () => {
    cloud.cloud.configureDelivery({ reverseOrder: true });
    await submitEach('r', flaps(5));
    await cloud.idle();
    cloud.cloud.configureDelivery({ reverseOrder: false });
    const early = alertPushes();
    expect(early).toHaveLength(1);
    expect(early[0]?.kind).toBe('alert');
    await flushWindows();
    expect(alertPushes().map((push) => push.kind)).toEqual(['alert', 'alert-cleared']);
    expect(alertPushes()[1]?.id).toBe(id('cleared', 4));
    const entries = await inbox(cloud, device.ownerUid);
    expect(Object.keys(entries).filter((key) => key.includes('-open-'))).toHaveLength(5);
  }, 60_000);

  it('a clear after the window has ended pushes at once', async () => {
    await submitEach('w', [31]);
    await cloud.idle();
    // The alert stays open past its window; then it clears.
    const window = cloud.firestore.doc(`rateLimits/push-alert-${device.deviceId}-temperature-max`);
    await window.update({ windowStart: new Date(Date.now() - WINDOW_END_MS) });
    await submitEach('w2', [27]);
    await cloud.idle();
    expect(alertPushes()).toEqual([
      { kind: 'alert', id: id('open', 0) },
      { kind: 'alert-cleared', id: id('cleared', 0) },
    ]);
  }, 60_000);
});
