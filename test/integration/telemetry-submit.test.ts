// submitReadings: stored once in their hour, counted once, `latest` by ts, concurrent batches lose
// nothing, bad batches refused whole with every bad reading named, and the op budget.
import { describe, expect, it } from 'vitest';
import { sharedCloud } from '../helpers/product-cloud.ts';
import { addMember, refusal } from '../helpers/devices.ts';
import {
  quietBatch,
  reading,
  readingCount,
  hourDocs,
  series,
  startTelemetryCloud,
  submitBatch,
  useTestDevice,
} from '../helpers/telemetry.ts';
import { writesDuring } from '../helpers/writes.ts';
import { ON_EMULATORS } from '../helpers/target.ts';

const cloud = sharedCloud(() => startTelemetryCloud());
const device = useTestDevice(cloud);

const submit = (readings: unknown, uid?: string) => submitBatch(cloud, device, readings, uid);

async function deviceData(): Promise<Record<string, unknown>> {
  return (await cloud.firestore.doc(`devices/${device.deviceId}`).get()).data() ?? {};
}

async function failure(
  promise: Promise<unknown>,
): Promise<{ code: string; details?: { fieldErrors?: Record<string, string[]> } }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; details?: { fieldErrors?: Record<string, string[]> } };
  }
  throw new Error('expected a refusal');
}

function millis(value: unknown): number {
  return (value as { toMillis(): number }).toMillis();
}

describe('submitReadings', () => {
  it('stores the readings in their hour with expireAt and updates the device', async () => {
    const base = Date.now();
    const batch = [
      reading('r-1', 3, { temperature: 21, humidity: 40, battery: 90 }, base),
      reading('r-2', 1, { temperature: 22.5, humidity: 41, battery: 89 }, base),
    ];
    expect(await submit(batch)).toEqual({ accepted: 2, duplicates: 0 });

    const hours = await hourDocs(cloud, device.deviceId);
    const key = batch[1]?.ts.slice(0, 13) ?? '';
    const stored = hours[key];
    const index = (stored?.ids as string[]).indexOf('r-2');
    const hour = millis(stored?.hour);
    expect(hour + ((stored?.offsets as number[])[index] ?? Number.NaN)).toBe(
      Date.parse(batch[1]?.ts ?? ''),
    );
    expect((stored?.values as Record<string, number[]>).temperature?.[index]).toBe(22.5);
    expect(millis(stored?.expireAt) - hour).toBe(3_600_000 + 30 * 86_400_000);

    const data = await deviceData();
    expect(data).toMatchObject({
      latest: { values: { temperature: 22.5, humidity: 41, battery: 89 } },
      status: { online: true, battery: 89 },
      lastTransition: { kind: 'online', seq: 1 },
    });
    expect(millis((data.status as { lastSeenAt: unknown }).lastSeenAt)).toBe(base - 60_000);
  });

  it('lets an admin submit; others get not-found and nothing is written', async () => {
    await addMember(cloud, device.deviceId, device.ownerUid, 'admin-1', 'admin');
    expect(await submit([reading('v-1', 1, { temperature: 20 })], 'admin-1')).toEqual({
      accepted: 1,
      duplicates: 0,
    });
    const writes = await writesDuring(cloud, async () => {
      expect(
        await refusal(submit([reading('x-1', 1, { temperature: 20 })], 'stranger')),
      ).toMatchObject({ code: 'not-found' });
      expect(
        await refusal(
          cloud.call('submitReadings', {
            deviceId: device.deviceId,
            readings: [reading('x-1', 1, { temperature: 20 })],
          }),
        ),
      ).toMatchObject({ code: 'unauthenticated' });
    });
    expect(writes).toBe(0);
    expect(await readingCount(cloud, device.deviceId)).toBe(1);
  });

  it('a resubmitted batch stores nothing twice and moves no counters', async () => {
    const batch = series('dup', 30);
    expect(await submit(batch)).toEqual({ accepted: 30, duplicates: 0 });
    const hoursBefore = await hourDocs(cloud, device.deviceId);
    const deviceBefore = await deviceData();

    const writes = await writesDuring(cloud, async () => {
      expect(await submit(batch)).toEqual({ accepted: 0, duplicates: 30 });
    });
    // Only the device's count of submissions: a repeat still counts as one.
    expect(writes).toBe(1);
    // Half old, half new: only the new half counts.
    const mixed = [...batch.slice(20), ...series('more', 10)];
    expect(await submit(mixed)).toEqual({ accepted: 10, duplicates: 10 });

    expect(await readingCount(cloud, device.deviceId)).toBe(40);
    const hours = Object.values(await hourDocs(cloud, device.deviceId));
    const counted = hours.reduce((sum, hour) => sum + (hour.count as number), 0);
    expect(counted).toBe(40);
    const temperatureCount = hours.reduce(
      (sum, hour) =>
        sum + ((hour.metrics as Record<string, { count: number }>).temperature?.count ?? 0),
      0,
    );
    expect(temperatureCount).toBe(40);
    expect(Object.keys(hoursBefore).length).toBeGreaterThan(0);
    expect(deviceBefore.alertState).toBeDefined();
  });

  it('hours hold count, sum, min and max per metric, per hour and per 5-minute slice', async () => {
    // The previous full UTC hour, and one reading in the hour after it.
    const base = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000;
    const batch = [
      {
        id: 'h-1',
        ts: new Date(base + 60_000).toISOString(),
        values: { temperature: 10, humidity: 50 },
      },
      { id: 'h-2', ts: new Date(base + 120_000).toISOString(), values: { temperature: 30 } },
      {
        id: 'h-3',
        ts: new Date(base + 3_600_000 + 1_000).toISOString(),
        values: { temperature: 5 },
      },
    ];
    await submit(batch);
    const key = new Date(base).toISOString().slice(0, 13);
    const hours = await hourDocs(cloud, device.deviceId);
    expect(hours[key]).toMatchObject({
      count: 2,
      metrics: {
        temperature: { count: 2, sum: 40, min: 10, max: 30 },
        humidity: { count: 1, sum: 50, min: 50, max: 50 },
      },
      slices: {
        '0': {
          temperature: { count: 2, sum: 40, min: 10, max: 30 },
          humidity: { count: 1, sum: 50, min: 50, max: 50 },
        },
      },
      ids: ['h-1', 'h-2'],
      offsets: [60_000, 120_000],
      // h-2 carried no humidity: its place in the column is null.
      values: { temperature: [10, 30], humidity: [50, null] },
    });
    const next = new Date(base + 3_600_000).toISOString().slice(0, 13);
    expect(hours[next]).toMatchObject({ count: 1, metrics: { temperature: { min: 5 } } });
    // The device carries both hours' aggregates for charts.
    expect((await deviceData()).recentHours).toMatchObject({
      [key]: { temperature: { count: 2, sum: 40, min: 10, max: 30 } },
      [next]: { temperature: { count: 1, sum: 5, min: 5, max: 5 } },
    });
  });

  it('readings arriving in reverse order never move latest backwards', async () => {
    const base = Date.now();
    await submit([reading('new', 1, { temperature: 25, battery: 80 }, base)]);
    await submit([reading('old', 10, { temperature: 15, battery: 95 }, base)]);
    const data = await deviceData();
    expect(data).toMatchObject({
      latest: { values: { temperature: 25 } },
      status: { battery: 80 },
    });
    expect(millis((data.latest as { ts: unknown }).ts)).toBe(base - 60_000);
    expect(await readingCount(cloud, device.deviceId)).toBe(2);
  });

  it('two concurrent submissions for one device lose nothing', async () => {
    const a = series('a', 50, (i) => ({ temperature: 20 + (i % 3) }));
    const b = series('b', 50, (i) => ({ temperature: 30 - (i % 3) }));
    const results = await Promise.all([submit(a), submit(b)]);
    expect(results).toEqual([
      { accepted: 50, duplicates: 0 },
      { accepted: 50, duplicates: 0 },
    ]);
    expect(await readingCount(cloud, device.deviceId)).toBe(100);
    const hours = Object.values(await hourDocs(cloud, device.deviceId));
    expect(hours.reduce((sum, hour) => sum + (hour.count as number), 0)).toBe(100);
    const ids = hours.flatMap((hour) => hour.ids as string[]);
    expect(new Set(ids).size).toBe(100);
  });
});

describe('submitReadings validation', () => {
  it('readings in more than 6 UTC hours are refused, and nothing is written', async () => {
    const hourly = Array.from({ length: 7 }, (_, i) =>
      reading(`h-${String(i)}`, 60 * (7 - i) - 30, { temperature: 20 }),
    );
    let error: Awaited<ReturnType<typeof refusal>> | undefined;
    const writes = await writesDuring(cloud, async () => {
      error = await refusal(submit(hourly));
    });
    expect(error).toMatchObject({ code: 'invalid-argument' });
    expect(error?.message).toMatch(/one request may carry at most 6/);
    expect(writes).toBe(0);
    expect(await readingCount(cloud, device.deviceId)).toBe(0);
    expect(await submit(hourly.slice(1))).toEqual({ accepted: 6, duplicates: 0 });
  });

  const now = Date.now();
  const ok = (id: string) => reading(id, 1, { temperature: 20 });
  const cases: { name: string; readings: unknown; bad: number[] }[] = [
    { name: 'an empty batch', readings: [], bad: [] },
    { name: 'more than 500 readings', readings: series('big', 501), bad: [] },
    { name: 'not an array', readings: 'nope', bad: [] },
    { name: 'a bad id', readings: [ok('a'), { ...ok('x'), id: 'has space' }], bad: [1] },
    { name: 'an id over 64 characters', readings: [{ ...ok('x'), id: 'a'.repeat(65) }], bad: [0] },
    { name: 'a repeated id', readings: [ok('same'), ok('same')], bad: [1] },
    {
      name: 'ts older than 7 days',
      readings: [ok('a'), { ...ok('old'), ts: new Date(now - 8 * 86_400_000).toISOString() }],
      bad: [1],
    },
    {
      name: 'ts more than 5 minutes ahead',
      readings: [{ ...ok('f'), ts: new Date(now + 10 * 60_000).toISOString() }],
      bad: [0],
    },
    { name: 'ts not ISO 8601', readings: [{ ...ok('t'), ts: 'yesterday' }], bad: [0] },
    {
      name: 'a metric of another model',
      readings: [ok('a'), reading('c', 1, { co2: 400 })],
      bad: [1],
    },
    { name: 'a value out of range', readings: [reading('r', 1, { humidity: 101 })], bad: [0] },
    {
      name: 'a value that is not a number',
      readings: [{ ...ok('n'), values: { temperature: '20' } }],
      bad: [0],
    },
    { name: 'no values', readings: [{ ...ok('e'), values: {} }], bad: [0] },
    { name: 'an unknown field', readings: [{ ...ok('u'), extra: true }], bad: [0] },
    {
      name: 'several bad readings',
      readings: [reading('a', 1, { humidity: -1 }), ok('b'), { ...ok('c'), id: '' }],
      bad: [0, 2],
    },
  ];

  it.each(cases)('refuses $name whole, naming every bad reading', async ({ readings, bad }) => {
    let error: Awaited<ReturnType<typeof failure>> = { code: 'none: the call was not made' };
    const writes = await writesDuring(cloud, async () => {
      error = await failure(submit(readings));
    });
    expect(error.code).toBe('invalid-argument');
    if (bad.length > 0) {
      expect(Object.keys(error.details?.fieldErrors ?? {}).sort()).toEqual(
        bad.map((index) => `readings.${String(index)}`).sort(),
      );
    }
    expect(writes).toBe(0);
    expect(await readingCount(cloud, device.deviceId)).toBe(0);
  });

  it('refuses unknown request fields and a malformed device id', async () => {
    for (const data of [
      { deviceId: device.deviceId, readings: [ok('a')], extra: 1 },
      { deviceId: 'a/b', readings: [ok('a')] },
      { readings: [ok('a')] },
    ]) {
      expect(
        await refusal(cloud.call('submitReadings', data, { uid: device.ownerUid })),
      ).toMatchObject({
        code: 'invalid-argument',
      });
    }
    expect(await readingCount(cloud, device.deviceId)).toBe(0);
  });
});

// Op counts exist only on local-cloud.
// Beyond 1 + H: the account's tombstone, read with the device; the rate limit's window is on the
// device the submission writes anyway.
describe.skipIf(ON_EMULATORS)(
  'submitReadings op budget: 1 + H + 1 reads, 1 + H writes, every check included',
  () => {
    it.each([1, 100, 500])('N = %i', async (n) => {
      const { readings, hours } = quietBatch('b', n);
      cloud.resetOps();
      expect(await submit(readings)).toEqual({ accepted: n, duplicates: 0 });
      const ops = cloud.ops();
      expect({ n, hours, ...ops }).toMatchObject({
        reads: 1 + hours + 1,
        writes: 1 + hours,
        deletes: 0,
      });
    });

    it('a resubmitted batch costs its reads and the device’s count of submissions', async () => {
      const { readings, hours } = quietBatch('again', 100);
      await submit(readings);
      cloud.resetOps();
      expect(await submit(readings)).toEqual({ accepted: 0, duplicates: 100 });
      expect(cloud.ops()).toMatchObject({ reads: 1 + hours + 1, writes: 1 });
    });
  },
);
