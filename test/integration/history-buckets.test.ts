// getReadingHistory: raw, 5-minute, hourly and daily points; days cut in the caller's time zone;
// range limits; members only.
import { beforeEach, describe, expect, it } from 'vitest';
import { sharedCloud } from '../helpers/product-cloud.ts';
import type { GetReadingHistoryResponse, ReadingInput } from '@gadget/shared';
import { addMember, refusal } from '../helpers/devices.ts';
import {
  startTelemetryCloud,
  submitBatch,
  temperatureHistory,
  useTestDevice,
} from '../helpers/telemetry.ts';

const HOUR = 3_600_000;
// The latest midnight in Tokyo (15:00 UTC, no daylight saving) at least 2 h ago.
const now = Date.now();
let midnight = Math.floor(now / (24 * HOUR)) * 24 * HOUR + 15 * HOUR;
while (midnight > now - 2 * HOUR) midnight -= 24 * HOUR;
const at = (offsetMs: number, id: string, temperature: number): ReadingInput => ({
  id,
  ts: new Date(midnight + offsetMs).toISOString(),
  values: { temperature, humidity: 50 },
});
const readings = [
  at(-2 * HOUR + 60_000, 'r1', 10), // 13:01 UTC, the day before in Tokyo
  at(-30 * 60_000, 'r2', 20), // 14:30 UTC, the day before
  at(-29 * 60_000, 'r3', 24), // 14:31 UTC, same 5-minute bucket as r2
  at(30 * 60_000, 'r4', 30), // 15:30 UTC, the new day
  at(90 * 60_000, 'r5', 40), // 16:30 UTC, the new day
];

const cloud = sharedCloud(() => startTelemetryCloud());
const device = useTestDevice(cloud);
beforeEach(async () => {
  await cloud.call(
    'ensureProfile',
    { locale: 'ja-JP', timeZone: 'Asia/Tokyo' },
    { uid: device.ownerUid },
  );
  await submitBatch(cloud, device, readings);
});

const history = (
  bucket: string,
  from: number,
  to: number,
  extra: Record<string, unknown> = {},
): Promise<GetReadingHistoryResponse> =>
  temperatureHistory(cloud, device, bucket, from, to, { extra });

const iso = (ms: number) => new Date(ms).toISOString();

describe('getReadingHistory', () => {
  it('raw: every reading in time order', async () => {
    const { points, truncated } = await history('raw', midnight - 3 * HOUR, midnight + 3 * HOUR);
    expect(points.map((p) => p.avg)).toEqual([10, 20, 24, 30, 40]);
    expect(points[0]).toEqual({ t: readings[0]?.ts, min: 10, max: 10, avg: 10, count: 1 });
    expect(truncated).toBe(false);
  });

  it('5m: readings in the same five minutes are one point, empty buckets left out', async () => {
    const { points } = await history('5m', midnight - 3 * HOUR, midnight + 3 * HOUR);
    expect(points).toEqual([
      { t: iso(midnight - 2 * HOUR), min: 10, max: 10, avg: 10, count: 1 },
      { t: iso(midnight - 30 * 60_000), min: 20, max: 24, avg: 22, count: 2 },
      { t: iso(midnight + 30 * 60_000), min: 30, max: 30, avg: 30, count: 1 },
      { t: iso(midnight + 90 * 60_000), min: 40, max: 40, avg: 40, count: 1 },
    ]);
  });

  it('1h: from the device’s recent hours, one point per hour with readings', async () => {
    const { points } = await history('1h', midnight - 3 * HOUR, midnight + 3 * HOUR);
    expect(points).toEqual([
      { t: iso(midnight - 2 * HOUR), min: 10, max: 10, avg: 10, count: 1 },
      { t: iso(midnight - HOUR), min: 20, max: 24, avg: 22, count: 2 },
      { t: iso(midnight), min: 30, max: 30, avg: 30, count: 1 },
      { t: iso(midnight + HOUR), min: 40, max: 40, avg: 40, count: 1 },
    ]);
  });

  it('1d: days start at midnight in the caller’s time zone (Asia/Tokyo)', async () => {
    const response = await history('1d', midnight - 5 * 24 * HOUR, midnight + 24 * HOUR);
    expect(response.timeZone).toBe('Asia/Tokyo');
    expect(response.points).toEqual([
      { t: iso(midnight - 24 * HOUR), min: 10, max: 24, avg: 18, count: 3 },
      { t: iso(midnight), min: 30, max: 40, avg: 35, count: 2 },
    ]);
  });

  it('1d for a member without a profile cuts days in UTC', async () => {
    await addMember(cloud, device.deviceId, device.ownerUid, 'viewer-1', 'viewer');
    const response = await temperatureHistory(
      cloud,
      device,
      '1d',
      midnight - 5 * 24 * HOUR,
      midnight + 24 * HOUR,
      { uid: 'viewer-1' },
    );
    expect(response.timeZone).toBe('UTC');
    // Tokyo's midnight is 15:00 UTC: all five readings fall on one UTC day.
    const utcMidnight = Math.floor(midnight / (24 * HOUR)) * 24 * HOUR;
    expect(response.points).toEqual([
      { t: iso(utcMidnight), min: 10, max: 40, avg: 24.8, count: 5 },
    ]);
  });

  it('raw answers at most 2,000 points and says so', async () => {
    const start = now - 40 * HOUR;
    for (let batch = 0; batch < 5; batch++) {
      const many = Array.from({ length: 500 }, (_, i) => ({
        id: `m-${String(batch)}-${String(i)}`,
        ts: new Date(start + (batch * 500 + i) * 1000).toISOString(),
        values: { temperature: 21 },
      }));
      await submitBatch(cloud, device, many);
    }
    const response = await history('raw', start, start + 3 * HOUR);
    expect(response.points).toHaveLength(2000);
    expect(response.truncated).toBe(true);
    expect(response.points[0]?.t).toBe(iso(start));
  });

  it('refuses ranges too long for the bucket, reversed ranges and other models’ metrics', async () => {
    const cases: [string, number, number, Record<string, unknown>][] = [
      ['raw', now - 49 * HOUR, now, {}],
      ['5m', now - 49 * HOUR, now, {}],
      ['1h', now - 401 * 24 * HOUR, now, {}],
      ['1d', now - 401 * 24 * HOUR, now, {}],
      ['1h', now, now - HOUR, {}],
      ['1h', now - HOUR, now, { metric: 'co2' }],
      ['1h', now - HOUR, now, { extra: true }],
      ['weekly', now - HOUR, now, {}],
    ];
    for (const [bucket, from, to, extra] of cases) {
      expect(await refusal(history(bucket, from, to, extra)), bucket).toMatchObject({
        code: 'invalid-argument',
      });
    }
    // The longest allowed ranges are fine.
    expect((await history('raw', now - 48 * HOUR, now)).points).toHaveLength(5);
    expect((await history('1d', now - 400 * 24 * HOUR, now)).points.length).toBeGreaterThan(0);
  });

  it('is for members only', async () => {
    const request = {
      deviceId: device.deviceId,
      metric: 'temperature',
      from: iso(now - HOUR),
      to: iso(now),
      bucket: '1h',
    };
    expect(
      await refusal(cloud.call('getReadingHistory', request, { uid: 'stranger' })),
    ).toMatchObject({ code: 'not-found' });
    expect(await refusal(cloud.call('getReadingHistory', request))).toMatchObject({
      code: 'unauthenticated',
    });
  });
});
