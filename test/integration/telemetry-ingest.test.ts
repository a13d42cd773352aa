// The `ingest` endpoint: device keys, HTTP refusals with JSON error bodies, the same validation
// and idempotency as submitReadings, firmware reports and the per-device rate limit.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TestCloud } from '@gadget/local-cloud/testing';
import { sharedCloud } from '../helpers/product-cloud.ts';
import { IngestErrorBodySchema, IngestResponseSchema } from '@gadget/shared';
import { hashDeviceKey } from '../../functions/src/services/devices/device-keys.ts';
import {
  deviceAuthorization,
  postIngest,
  quietBatch,
  reading,
  hourDocs,
  readingCount,
  rotateKey,
  series,
  startTelemetryCloud,
  telemetryDevice,
  useTestDevice,
} from '../helpers/telemetry.ts';
import type { TestDevice } from '../helpers/telemetry.ts';

const cloud = sharedCloud(() => startTelemetryCloud());
const device = useTestDevice(cloud);
let key: string;
beforeEach(async () => {
  key = await rotateKey(cloud, device);
});

const post = (body: unknown, authorization = deviceAuthorization(device.deviceId, key)) =>
  postIngest(cloud, { authorization, body });

function errorCode(body: unknown): string {
  return IngestErrorBodySchema.parse(body).error.code;
}

describe('ingest', () => {
  it('stores readings posted with the device key, from the device', async () => {
    const answer = await post({ readings: series('d', 3) });
    expect(answer.status).toBe(200);
    expect(IngestResponseSchema.parse(answer.body)).toEqual({
      accepted: 3,
      duplicates: 0,
      commands: [],
      nextPollSeconds: 900,
    });
    const hours = Object.values(await hourDocs(cloud, device.deviceId));
    expect(hours.flatMap((hour) => hour.ids as string[]).sort()).toEqual(['d-0', 'd-1', 'd-2']);
    // The same batch again (a retry after a lost response) stores nothing.
    expect((await post({ readings: series('d', 3) })).body).toMatchObject({
      accepted: 0,
      duplicates: 3,
    });
    expect(await readingCount(cloud, device.deviceId)).toBe(3);
  });

  describe('device key failures', () => {
    it('no header, another scheme, or no device id and key is 401 with WWW-Authenticate', async () => {
      for (const authorization of [
        undefined,
        'Bearer abc',
        `Device ${device.deviceId}`,
        'Device :',
      ]) {
        const answer = await postIngest(cloud, {
          authorization,
          body: { readings: series('a', 1) },
        });
        expect(answer.status).toBe(401);
        expect(errorCode(answer.body)).toBe('unauthenticated');
        expect(answer.headers.get('www-authenticate')).toBe('Device');
      }
    });

    it('a wrong, malformed, another device’s or old key and a released device are 403', async () => {
      const other = await telemetryDevice(cloud, 'other-owner');
      const otherKey = await rotateKey(cloud, other);
      const oldKey = key;
      key = await rotateKey(cloud, device);
      const attempts = [
        deviceAuthorization(device.deviceId, 'x'.repeat(43)),
        // Malformed: a truncated key, and one with characters no key has (base64, not base64url).
        deviceAuthorization(device.deviceId, key.slice(0, 10)),
        deviceAuthorization(device.deviceId, `${key.slice(0, -2)}+/`),
        deviceAuthorization(device.deviceId, otherKey),
        deviceAuthorization(device.deviceId, oldKey),
        deviceAuthorization('no-such-device', key),
      ];
      for (const authorization of attempts) {
        const answer = await post({ readings: series('a', 1) }, authorization);
        expect(answer.status, authorization).toBe(403);
        expect(IngestErrorBodySchema.parse(answer.body).error).toEqual({
          code: 'permission-denied',
          message: 'This device key is not valid.',
        });
        expect(answer.headers.get('www-authenticate'), authorization).toBeNull();
      }
      expect((await post({ readings: series('a', 1) })).status).toBe(200);

      await cloud.call('releaseDevice', { deviceId: other.deviceId }, { uid: other.ownerUid });
      const released = await post(
        { readings: series('a', 1) },
        deviceAuthorization(other.deviceId, otherKey),
      );
      expect(released.status).toBe(403);
      expect(await readingCount(cloud, other.deviceId)).toBe(0);
      expect(await readingCount(cloud, device.deviceId)).toBe(1);
    });
  });

  describe('refusals with a JSON error body, nothing written', () => {
    const cases: {
      name: string;
      request: () => Parameters<typeof postIngest>[1];
      status: number;
      code: string;
    }[] = [
      {
        name: 'a body over 256 KB',
        request: () => ({ rawBody: JSON.stringify({ readings: [], pad: 'x'.repeat(300_000) }) }),
        status: 413,
        code: 'payload-too-large',
      },
      {
        name: 'a text body',
        request: () => ({ rawBody: 'readings', contentType: 'text/plain' }),
        status: 415,
        code: 'unsupported-media-type',
      },
      {
        name: 'an empty batch',
        request: () => ({ body: { readings: [] } }),
        status: 422,
        code: 'invalid-argument',
      },
      { name: 'no readings', request: () => ({ body: {} }), status: 422, code: 'invalid-argument' },
      {
        name: 'an unknown field',
        request: () => ({ body: { readings: series('u', 1), deviceId: 'x' } }),
        status: 422,
        code: 'invalid-argument',
      },
      {
        name: 'a bad firmware version',
        request: () => ({ body: { readings: series('f', 1), firmware: 'v1' } }),
        status: 422,
        code: 'invalid-argument',
      },
      {
        name: 'a reading out of range',
        request: () => ({
          body: { readings: [...series('ok', 2), reading('bad', 1, { temperature: 400 })] },
        }),
        status: 422,
        code: 'invalid-argument',
      },
      {
        name: 'a metric the model lacks',
        request: () => ({ body: { readings: [reading('c', 1, { co2: 1 })] } }),
        status: 422,
        code: 'invalid-argument',
      },
      {
        name: 'a GET',
        request: () => ({ method: 'GET' }),
        status: 405,
        code: 'method-not-allowed',
      },
    ];

    it.each(cases)('$name → $status', async ({ request, status, code }) => {
      cloud.resetOps();
      const answer = await postIngest(cloud, {
        authorization: deviceAuthorization(device.deviceId, key),
        ...request(),
      });
      expect(answer.status).toBe(status);
      expect(errorCode(answer.body)).toBe(code);
      // A refused request writes nothing.
      expect(cloud.ops().writes).toBe(0);
      expect(await readingCount(cloud, device.deviceId)).toBe(0);
    });

    it('a bad reading’s index and reason are in the details', async () => {
      const answer = await post({
        readings: [reading('a', 1, { temperature: 20 }), reading('b', 1, { humidity: 120 })],
      });
      expect(answer.status).toBe(422);
      const details = IngestErrorBodySchema.parse(answer.body).error.details as {
        fieldErrors: Record<string, string[]>;
      };
      expect(Object.keys(details.fieldErrors)).toEqual(['readings.1']);
      expect(details.fieldErrors['readings.1']?.[0]).toMatch(/humidity/);
    });
  });

  describe('firmware', () => {
    it('records the version the gadget reports, writing the device only when it changes', async () => {
      expect((await post({ readings: series('a', 1), firmware: '1.3.9' })).status).toBe(200);
      const status = async () =>
        (await cloud.firestore.doc(`devices/${device.deviceId}`).get()).get(
          'status.firmware',
        ) as unknown;
      expect(await status()).toEqual({ version: '1.3.9' });

      // The same report again changes nothing on the device but the request count of its limit.
      const withoutWindow = async () => {
        const { ingestWindow: _window, ...rest } =
          (await cloud.firestore.doc(`devices/${device.deviceId}`).get()).data() ?? {};
        return rest;
      };
      const before = await withoutWindow();
      expect((await post({ firmware: '1.3.9' })).status).toBe(200);
      expect(await withoutWindow()).toEqual(before);

      expect((await post({ readings: series('b', 1), firmware: '1.4.0' })).status).toBe(200);
      expect(await status()).toEqual({ version: '1.4.0' });
    });
  });
});

describe('ingest rate limit', () => {
  let limited: TestCloud;
  beforeAll(async () => {
    limited = await startTelemetryCloud({ INGEST_RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(async () => {
    await limited.stop();
  });

  it('answers 429 with Retry-After past the per-device limit, other devices unaffected', async () => {
    const first = await telemetryDevice(limited, 'a');
    const second = await telemetryDevice(limited, 'b');
    const firstKey = await rotateKey(limited, first);
    const secondKey = await rotateKey(limited, second);
    const send = (target: TestDevice, deviceKey: string, id: string) =>
      postIngest(limited, {
        authorization: deviceAuthorization(target.deviceId, deviceKey),
        body: { readings: [reading(id, 1, { temperature: 20 })] },
      });
    for (const id of ['r1', 'r2', 'r3']) expect((await send(first, firstKey, id)).status).toBe(200);
    // The refusal has read the device and the reading's hour, and writes nothing; repeated within
    // the window, this instance refuses it before any read.
    limited.resetOps();
    const refused = await send(first, firstKey, 'r4');
    expect(refused.status).toBe(429);
    expect(limited.ops()).toEqual({ reads: 2, writes: 0, deletes: 0 });
    expect(errorCode(refused.body)).toBe('resource-exhausted');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    limited.resetOps();
    const again = await send(first, firstKey, 'r5');
    expect(again.status).toBe(429);
    expect(Number(again.headers.get('retry-after'))).toBeLessThanOrEqual(retryAfter);
    expect(limited.ops()).toEqual({ reads: 0, writes: 0, deletes: 0 });
    expect(await readingCount(limited, first.deviceId)).toBe(3);
    expect((await send(second, secondKey, 'r1')).status).toBe(200);
  });
});

describe('ingest op budget: 1 + H + 1 reads and 1 + H writes, every check included', () => {
  // The key document (1 read; none once the instance has checked the key), then the submission:
  // the device and the H hours it touches, read together. The key's tag and rotator's role are
  // checked on the device, the per-device limit counted on it.
  it.each([1, 100])('N = %i', async (n) => {
    const { readings, hours } = quietBatch('g', n);
    cloud.resetOps();
    expect((await post({ readings })).body).toMatchObject({ accepted: n, duplicates: 0 });
    expect(cloud.ops()).toMatchObject({ reads: 1 + hours + 1, writes: 1 + hours, deletes: 0 });
  });

  it('a key this instance checked before costs no read: 1 + H reads from then on', async () => {
    expect((await post({ readings: series('first', 1) })).status).toBe(200);
    const { readings, hours } = quietBatch('again', 10);
    cloud.resetOps();
    expect((await post({ readings })).body).toMatchObject({ accepted: 10, duplicates: 0 });
    expect(cloud.ops()).toMatchObject({ reads: 1 + hours, writes: 1 + hours, deletes: 0 });
  });

  it('a remembered key stops working at the next rotation, on every instance', async () => {
    expect((await post({ readings: series('before', 1) })).status).toBe(200);
    const remembered = key;
    key = await rotateKey(cloud, device);
    const answer = await post(
      { readings: series('after', 1) },
      deviceAuthorization(device.deviceId, remembered),
    );
    expect(answer.status).toBe(403);
    expect(errorCode(answer.body)).toBe('permission-denied');
    expect(await readingCount(cloud, device.deviceId)).toBe(1);
    expect((await post({ readings: series('new-key', 1) })).status).toBe(200);
  });

  it('readings in more than 6 UTC hours are refused before anything is read; 6 pass', async () => {
    const hourly = (n: number, prefix: string) =>
      Array.from({ length: n }, (_, i) =>
        reading(`${prefix}-${String(i)}`, 60 * (n - i) - 30, { temperature: 20 }),
      );
    cloud.resetOps();
    const refused = await post({ readings: hourly(7, 'seven') });
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body)).toMatch(/one request may carry at most 6/);
    expect(cloud.ops()).toEqual({ reads: 0, writes: 0, deletes: 0 });
    expect(await readingCount(cloud, device.deviceId)).toBe(0);
    expect((await post({ readings: hourly(6, 'six') })).status).toBe(200);
    expect(await readingCount(cloud, device.deviceId)).toBe(6);
  });

  it('a wrong key costs one read, and nothing when this instance saw it in the last minute', async () => {
    const wrong = { authorization: deviceAuthorization(device.deviceId, 'w'.repeat(43)) };
    cloud.resetOps();
    expect((await postIngest(cloud, { ...wrong, body: { readings: series('x', 1) } })).status).toBe(
      403,
    );
    expect(cloud.ops()).toEqual({ reads: 1, writes: 0, deletes: 0 });
    cloud.resetOps();
    expect((await postIngest(cloud, { ...wrong, body: { readings: series('x', 1) } })).status).toBe(
      403,
    );
    expect(cloud.ops()).toEqual({ reads: 0, writes: 0, deletes: 0 });
    // The right key is not held back by the wrong one.
    expect((await post({ readings: series('y', 1) })).status).toBe(200);
  });

  it('a key rotated before key documents is found in the registry once, then costs one read', async () => {
    const legacy = 'l'.repeat(43);
    await cloud.firestore.doc(`devices/${device.deviceId}/private/key`).delete();
    await cloud.firestore
      .doc(`deviceRegistry/${device.serial}`)
      .update({ deviceKeyHash: hashDeviceKey(legacy), deviceKeyRotatedBy: device.ownerUid });
    const asLegacy = { authorization: deviceAuthorization(device.deviceId, legacy) };
    expect(
      (await postIngest(cloud, { ...asLegacy, body: { readings: series('a', 1) } })).status,
    ).toBe(200);
    expect(
      (await cloud.firestore.doc(`devices/${device.deviceId}/private/key`).get()).data(),
    ).toMatchObject({
      hash: hashDeviceKey(legacy),
      rotatedBy: device.ownerUid,
    });
    const { readings, hours } = quietBatch('m', 1);
    cloud.resetOps();
    expect((await postIngest(cloud, { ...asLegacy, body: { readings } })).status).toBe(200);
    expect(cloud.ops()).toMatchObject({ reads: 1 + hours + 1, writes: 1 + hours });
    // The old key no longer works once it has moved.
    expect((await post({ readings: series('b', 1) })).status).toBe(403);
  });
});
