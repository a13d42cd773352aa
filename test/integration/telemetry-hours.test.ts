// The hour layout at its cost floor: exact op counts for submissions and every chart bucket,
// readings across two hours, duplicates, 50 parallel submissions to one hour, the hour cap, and
// the nightly move of closed days, repeated.
import { describe, expect, it } from 'vitest';
import type { GetReadingHistoryResponse, ReadingInput } from '@gadget/shared';
import { sharedCloud } from '../helpers/product-cloud.ts';
import { refusal } from '../helpers/devices.ts';
import { ACCOUNT_CHECK_READS } from '../helpers/writes.ts';
import {
  submitBacklog,
  dayDocs,
  hourDocs,
  readingCount,
  startTelemetryCloud,
  submitBatch,
  temperatureHistory,
  useTestDevice,
} from '../helpers/telemetry.ts';
import { run } from './maintenance-fixtures.ts';

const cloud = sharedCloud(() => startTelemetryCloud());
const device = useTestDevice(cloud);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MAX_READINGS_PER_HOUR = 7200;

const submit = (readings: unknown) => submitBatch(cloud, device, readings);

/** `n` quiet readings at `start + i * stepMs`, ids `${prefix}-${i}`. */
function spaced(prefix: string, n: number, start: number, stepMs: number): ReadingInput[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${prefix}-${String(i)}`,
    ts: new Date(start + i * stepMs).toISOString(),
    values: { temperature: 20 + (i % 4), battery: 90 },
  }));
}

// The last full UTC hour, so every reading in it is in the past.
const lastHour = () => Math.floor(Date.now() / HOUR) * HOUR - HOUR;

/**
 * What a submission costs beyond its hours: the account's tombstone, read with the device (whose
 * write counts the per-device limit too).
 */
const GATE = { reads: 1, writes: 0 };
/** What a chart costs beyond its documents: the account check and the per-user rate limit. */
const HISTORY_GATE = { reads: ACCOUNT_CHECK_READS + 1, writes: 1 };

/** The chart from `from` to `to` in `bucket`, once its cost is checked: `reads` documents and the gate. */
async function chartReading(
  reads: number,
  bucket: string,
  from: number,
  to: number,
): Promise<GetReadingHistoryResponse> {
  cloud.resetOps();
  const chart = await temperatureHistory(cloud, device, bucket, from, to);
  expect(cloud.ops()).toMatchObject({
    reads: reads + HISTORY_GATE.reads,
    writes: HISTORY_GATE.writes,
  });
  return chart;
}

describe('submissions', () => {
  it('readings over two hours: 1 + 2 + 1 reads and 1 + 2 writes, each hour holding its own', async () => {
    // 10 in the hour before last and 10 in the last one: all in the past whatever the minute now.
    const start = lastHour() - HOUR + 50 * 60_000;
    const readings = spaced('two', 20, start, 60_000);
    cloud.resetOps();
    expect(await submit(readings)).toEqual({ accepted: 20, duplicates: 0 });
    expect(cloud.ops()).toMatchObject({ reads: 3 + GATE.reads, writes: 3 + GATE.writes });
    const hours = await hourDocs(cloud, device.deviceId);
    expect(Object.keys(hours)).toHaveLength(2);
    expect(Object.values(hours).map((hour) => hour.count)).toEqual([10, 10]);
  });

  it('a duplicate id within a batch refuses it whole and writes nothing', async () => {
    const [first] = spaced('dup', 1, lastHour(), 0);
    cloud.resetOps();
    const error = await refusal(submit([first, first]));
    expect(error.code).toBe('invalid-argument');
    expect(cloud.ops().writes).toBe(0);
    expect(await readingCount(cloud, device.deviceId)).toBe(0);
  });

  it('ids already stored are duplicates across batches: only the new ones are written', async () => {
    const batch = spaced('x', 10, lastHour(), 60_000);
    await submit(batch.slice(0, 6));
    cloud.resetOps();
    expect(await submit(batch.slice(3))).toEqual({ accepted: 4, duplicates: 3 });
    expect(cloud.ops()).toMatchObject({ reads: 2 + GATE.reads, writes: 2 + GATE.writes });
    const [hour] = Object.values(await hourDocs(cloud, device.deviceId));
    expect(hour?.ids).toEqual(batch.map((reading) => reading.id));
    expect(hour?.metrics).toMatchObject({ temperature: { count: 10 } });
  });

  it('50 parallel submissions to one hour, overlapping in pairs, lose and double-count nothing', async () => {
    // One hour for the whole test, even if the clock crosses into the next one meanwhile.
    const hourStart = lastHour();
    const all = spaced('p', 100, hourStart, 30_000);
    // Submission i carries readings 2i, 2i + 1 and, again, 2i + 2 and 2i + 3 (its neighbour's).
    const batches = Array.from({ length: 50 }, (_, i) => all.slice(2 * i, 2 * i + 4));
    const results = await Promise.all(batches.map((batch) => submit(batch)));
    const accepted = results.reduce((sum, result) => sum + result.accepted, 0);
    const duplicates = results.reduce((sum, result) => sum + result.duplicates, 0);
    expect(accepted).toBe(100);
    expect(accepted + duplicates).toBe(batches.flat().length);
    const [hour, ...others] = Object.values(await hourDocs(cloud, device.deviceId));
    expect(others).toEqual([]);
    expect(hour?.count).toBe(100);
    expect(new Set(hour?.ids as string[]).size).toBe(100);
    const sum = all.reduce((total, reading) => total + (reading.values.temperature ?? 0), 0);
    expect(hour?.metrics).toMatchObject({ temperature: { count: 100, sum } });
    const device_ = (await cloud.firestore.doc(`devices/${device.deviceId}`).get()).data();
    expect(device_?.recentHours).toMatchObject({
      [new Date(hourStart).toISOString().slice(0, 13)]: { temperature: { count: 100, sum } },
    });
  });

  it('an oversized request and an hour past its cap change nothing', async () => {
    cloud.resetOps();
    const tooMany = spaced('big', 501, lastHour(), 1000);
    expect((await refusal(submit(tooMany))).code).toBe('invalid-argument');
    expect(cloud.ops().writes).toBe(0);

    const start = lastHour();
    // One reading every 0.5 s fills the hour exactly, 500 at a time.
    const fill = spaced('cap', MAX_READINGS_PER_HOUR, start, 500);
    await submitBacklog(cloud, device, fill);
    const before = await hourDocs(cloud, device.deviceId);
    cloud.resetOps();
    const error = await refusal(submit(spaced('over', 1, start + HOUR - 1000, 0)));
    expect(error.code).toBe('resource-exhausted');
    expect(cloud.ops().writes).toBe(0);
    expect(await hourDocs(cloud, device.deviceId)).toEqual(before);
    expect(await readingCount(cloud, device.deviceId)).toBe(MAX_READINGS_PER_HOUR);
  });
});

describe('chart op counts: one read per hour (or day) covered, plus membership', () => {
  it('24 h in raw, 5m and 1h, and 1d, over one reading a minute', async () => {
    await cloud.call(
      'ensureProfile',
      { locale: 'en-GB', timeZone: 'UTC' },
      { uid: device.ownerUid },
    );
    const to = lastHour() + HOUR;
    const from = to - 24 * HOUR;
    const readings = spaced('m', 24 * 60, from, 60_000);
    await submitBacklog(cloud, device, readings);

    const raw = await chartReading(1 + 24, 'raw', from, to);
    expect(raw.points).toHaveLength(1440);

    const fiveMinutes = await chartReading(1 + 24, '5m', from, to);
    expect(fiveMinutes.points).toHaveLength(288);
    expect(fiveMinutes.points.every((point) => point.count === 5)).toBe(true);

    // The last week's hours come with the device: the membership read is the whole cost.
    const hourly = await chartReading(1, '1h', from, to);
    expect(hourly.points.map((point) => point.count)).toEqual(new Array(24).fill(60));

    const daily = await chartReading(2, '1d', from, to);
    expect(daily.points.reduce((sum, point) => sum + point.count, 0)).toBe(1440);
  });

  it('after the nightly move, 1h and 1d read one daily document per day; moving twice changes nothing', async () => {
    await cloud.call(
      'ensureProfile',
      { locale: 'en-GB', timeZone: 'UTC' },
      { uid: device.ownerUid },
    );
    const today = Math.floor(Date.now() / DAY) * DAY;
    // One reading every 2 hours over the last three full days, sent newest first, six hours a call.
    const readings = spaced('d', 36, today - 3 * DAY, 2 * HOUR).reverse();
    await submitBacklog(cloud, device, readings);
    const later = new Date(today + 10 * DAY + 3 * HOUR);

    const first = await run({ now: later, tasks: ['closedDays'] });
    expect(first.tasks.closedDays).toMatchObject({ fixed: 3, backlog: false });
    const days = await dayDocs(cloud, device.deviceId);
    expect(Object.keys(days)).toHaveLength(3);
    const deviceAfter = (await cloud.firestore.doc(`devices/${device.deviceId}`).get()).data();
    expect(deviceAfter?.recentHours).toEqual({});
    expect(deviceAfter?.recentSince).toBeNull();

    // A repeated run (a retry, or the next night) finds nothing left to move.
    cloud.resetOps();
    const again = await run({ now: later, tasks: ['closedDays'] });
    expect(again.tasks.closedDays).toMatchObject({ fixed: 0 });
    expect(await dayDocs(cloud, device.deviceId)).toEqual(days);

    const daily = await chartReading(3 + 2, '1d', today - 3 * DAY, today);
    expect(daily.points.map((point) => point.count)).toEqual([12, 12, 12]);

    const hourly = await chartReading(1 + 1, '1h', today - 2 * DAY, today - DAY);
    expect(hourly.points).toHaveLength(12);
  });
});
