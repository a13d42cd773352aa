// Alerts from readings: thresholds with hysteresis, battery low, severity, reopening within 10
// minutes, `ts` order, idempotency, and acknowledgeAlert.
import { beforeEach, describe, expect, it } from 'vitest';
import { sharedCloud } from '../helpers/product-cloud.ts';
import { AcknowledgeAlertResponseSchema } from '@gadget/shared';
import { addMember, refusal } from '../helpers/devices.ts';
import {
  alertDocs,
  reading,
  setThresholds,
  startTelemetryCloud,
  submitBatch,
  useTestDevice,
} from '../helpers/telemetry.ts';
import { writesDuring } from '../helpers/writes.ts';

const cloud = sharedCloud(() => startTelemetryCloud());
const device = useTestDevice(cloud);
beforeEach(async () => {
  await setThresholds(cloud, device, { temperature: { max: 30, hysteresis: 2 } });
});

const base = Date.now();
/** Temperatures one minute apart, starting `startMinutesAgo` before the test began. */
const temps = (prefix: string, startMinutesAgo: number, values: number[]) =>
  values.map((temperature, i) =>
    reading(`${prefix}-${String(i)}`, startMinutesAgo - i, { temperature }, base),
  );

const submit = (readings: unknown) => submitBatch(cloud, device, readings);

function millis(value: unknown): number {
  return (value as { toMillis(): number }).toMillis();
}

describe('threshold alerts', () => {
  it('values flapping around the threshold open one alert, cleared only inside the hysteresis', async () => {
    await submit(temps('f', 60, [29, 31, 29.5, 30.5, 29, 31.5, 29.1]));
    let alerts = await alertDocs(cloud, device.deviceId);
    expect(Object.keys(alerts)).toEqual(['temperature-max-1']);
    expect(alerts['temperature-max-1']).toMatchObject({
      rule: 'temperature-max',
      metric: 'temperature',
      threshold: 30,
      state: 'active',
      severity: 'warning',
      value: 31,
      clearedAt: null,
    });
    expect(millis(alerts['temperature-max-1']?.openedAt)).toBe(base - 59 * 60_000);

    await submit(temps('g', 50, [28]));
    alerts = await alertDocs(cloud, device.deviceId);
    expect(Object.keys(alerts)).toEqual(['temperature-max-1']);
    expect(alerts['temperature-max-1']).toMatchObject({ state: 'cleared', clearedValue: 28 });
    expect(millis(alerts['temperature-max-1']?.clearedAt)).toBe(base - 50 * 60_000);
    expect(millis(alerts['temperature-max-1']?.expireAt)).toBe(
      base - 50 * 60_000 + 90 * 86_400_000,
    );
  });

  it('crossing again within 10 minutes of clearing reopens the same alert; later, a new one', async () => {
    await submit(temps('a', 60, [31, 27]));
    await submit(temps('b', 55, [32])); // 4 minutes after clearing
    let alerts = await alertDocs(cloud, device.deviceId);
    expect(Object.keys(alerts)).toEqual(['temperature-max-1']);
    expect(alerts['temperature-max-1']).toMatchObject({
      state: 'active',
      reopenCount: 1,
      clearedAt: null,
      value: 31,
    });

    await submit(temps('c', 50, [27]));
    await submit(temps('d', 30, [33])); // 20 minutes after clearing
    alerts = await alertDocs(cloud, device.deviceId);
    expect(Object.keys(alerts).sort()).toEqual(['temperature-max-1', 'temperature-max-2']);
    expect(alerts['temperature-max-1']).toMatchObject({ state: 'cleared', reopenCount: 1 });
    expect(alerts['temperature-max-2']).toMatchObject({ state: 'active', value: 33 });
  });

  it('one batch opening, clearing and reopening writes each alert once', async () => {
    await submit(temps('m', 60, [31, 27, 31, 27, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 31]));
    const alerts = await alertDocs(cloud, device.deviceId);
    expect(Object.keys(alerts).sort()).toEqual(['temperature-max-1', 'temperature-max-2']);
    expect(alerts['temperature-max-1']).toMatchObject({ state: 'cleared', reopenCount: 1 });
    expect(alerts['temperature-max-2']).toMatchObject({ state: 'active' });
  });

  it('is critical past the margin (10 % of the range), and escalates while open', async () => {
    await setThresholds(cloud, device, { temperature: { max: 30 }, humidity: { min: 30 } });
    // 165 °C range → critical above 46.5 °C; 100 % range → critical below 20 %.
    await submit([
      reading('t1', 10, { temperature: 35, humidity: 15 }, base),
      reading('t2', 9, { temperature: 50 }, base),
    ]);
    const alerts = await alertDocs(cloud, device.deviceId);
    expect(alerts['temperature-max-1']).toMatchObject({ severity: 'critical', value: 35 });
    expect(alerts['humidity-min-1']).toMatchObject({ severity: 'critical', value: 15 });
  });

  it('a reading older than the last evaluated one neither clears nor reopens', async () => {
    await submit(temps('n', 10, [31]));
    await submit(temps('o', 20, [20])); // older: would clear
    let alerts = await alertDocs(cloud, device.deviceId);
    expect(alerts['temperature-max-1']).toMatchObject({ state: 'active' });

    await submit(temps('p', 5, [20]));
    await submit(temps('q', 7, [35])); // older: would reopen
    alerts = await alertDocs(cloud, device.deviceId);
    expect(alerts['temperature-max-1']).toMatchObject({ state: 'cleared', reopenCount: 0 });
  });

  it('a resubmitted batch opens no alert twice', async () => {
    const batch = temps('r', 30, [35, 20, 36]);
    await submit(batch);
    // The first submission's alert triggers (their pushes and push windows) finish first, so only
    // the resubmission's own writes are counted.
    await cloud.idle();
    const first = await alertDocs(cloud, device.deviceId);
    // Only the submission's rate-limit window: no alert, no hour, no device write.
    expect(await writesDuring(cloud, () => submit(batch))).toBe(1);
    expect(await alertDocs(cloud, device.deviceId)).toEqual(first);
  });
});

describe('battery low', () => {
  it('opens at 15 % and clears only at 20 %', async () => {
    await submit([
      reading('b1', 10, { battery: 16 }, base),
      reading('b2', 9, { battery: 15 }, base),
      reading('b3', 8, { battery: 19 }, base),
      reading('b4', 7, { battery: 14 }, base),
    ]);
    let alerts = await alertDocs(cloud, device.deviceId);
    expect(Object.keys(alerts)).toEqual(['battery-low-1']);
    expect(alerts['battery-low-1']).toMatchObject({
      state: 'active',
      value: 15,
      severity: 'warning',
    });
    await submit([reading('b5', 6, { battery: 20 }, base)]);
    alerts = await alertDocs(cloud, device.deviceId);
    expect(alerts['battery-low-1']).toMatchObject({ state: 'cleared', clearedValue: 20 });
  });
});

describe('acknowledgeAlert', () => {
  const acknowledge = (data: unknown, uid?: string) =>
    cloud.call('acknowledgeAlert', data, uid === undefined ? {} : { uid });

  it('a member moves an active alert to acknowledged; repeats change nothing', async () => {
    await addMember(cloud, device.deviceId, device.ownerUid, 'viewer-1', 'viewer');
    await submit(temps('k', 10, [35]));
    const data = { deviceId: device.deviceId, alertId: 'temperature-max-1' };
    expect(AcknowledgeAlertResponseSchema.parse(await acknowledge(data, 'viewer-1'))).toEqual({
      state: 'acknowledged',
      changed: true,
    });
    expect((await alertDocs(cloud, device.deviceId))['temperature-max-1']).toMatchObject({
      state: 'acknowledged',
      acknowledgedBy: 'viewer-1',
    });
    expect(await acknowledge(data, device.ownerUid)).toEqual({
      state: 'acknowledged',
      changed: false,
    });

    // Clearing still happens from acknowledged; acknowledging a cleared alert changes nothing.
    await submit(temps('l', 5, [20]));
    expect(await acknowledge(data, device.ownerUid)).toEqual({ state: 'cleared', changed: false });
    expect((await alertDocs(cloud, device.deviceId))['temperature-max-1']).toMatchObject({
      state: 'cleared',
      acknowledgedBy: 'viewer-1',
    });
  });

  it('refuses strangers, anonymous callers, unknown alerts and malformed requests', async () => {
    await submit(temps('s', 10, [35]));
    await cloud.idle(); // the alert's triggers are not the refusals' writes
    const before = await alertDocs(cloud, device.deviceId);
    const data = { deviceId: device.deviceId, alertId: 'temperature-max-1' };
    const writes = await writesDuring(cloud, async () => {
      expect(await refusal(acknowledge(data, 'stranger'))).toMatchObject({ code: 'not-found' });
      expect(await refusal(acknowledge(data))).toMatchObject({ code: 'unauthenticated' });
      expect(
        await refusal(acknowledge({ ...data, alertId: 'temperature-max-9' }, device.ownerUid)),
      ).toMatchObject({ code: 'not-found' });
      for (const bad of [{ ...data, extra: 1 }, { ...data, alertId: '../x' }, { deviceId: 1 }]) {
        expect(await refusal(acknowledge(bad, device.ownerUid))).toMatchObject({
          code: 'invalid-argument',
        });
      }
    });
    expect(writes).toBe(0);
    expect(await alertDocs(cloud, device.deviceId)).toEqual(before);
  });
});
