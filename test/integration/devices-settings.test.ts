// updateDevice (name, thresholds per model metric, mute) and rotateDeviceKey.
import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  docPaths,
  RotateDeviceKeyResponseSchema,
  UpdateDeviceResponseSchema,
} from '@gadget/shared';
import { sharedCloud, startProductCloud } from '../helpers/product-cloud.ts';
import { claimedDevice, deviceDoc, registryDoc, seedMembers } from '../helpers/devices.ts';
import { writesDuring } from '../helpers/writes.ts';

const cloud = sharedCloud(() => startProductCloud());
let deviceId: string;
let serial: string;

/** alice owns an air-1; bob is an admin, carol a viewer. */
beforeEach(async () => {
  ({ deviceId, serial } = await claimedDevice(cloud, 'alice', { model: 'air-1' }));
  await seedMembers(cloud, deviceId, { bob: 'admin', carol: 'viewer' });
});

const as = (uid: string | undefined) => (uid === undefined ? {} : { uid });
const update = (data: Record<string, unknown>, uid: string | undefined) =>
  cloud.call('updateDevice', { deviceId, ...data }, as(uid));

async function expectRefusedUnchanged(call: () => Promise<unknown>, code: string) {
  const before = await deviceDoc(cloud, deviceId);
  let error: unknown;
  const writes = await writesDuring(cloud, async () => {
    error = await call().then(
      () => {
        throw new Error('expected a refusal');
      },
      (refused: unknown) => refused,
    );
  });
  expect(error).toMatchObject({ code });
  expect(writes).toBe(0);
  expect(await deviceDoc(cloud, deviceId)).toEqual(before);
  return error as { details?: { fieldErrors?: Record<string, string[]> } };
}

describe('updateDevice', () => {
  it('renames, mutes and sets thresholds, merging per metric', async () => {
    await update({ thresholds: { humidity: { max: 70 } } }, 'alice');
    const response = UpdateDeviceResponseSchema.parse(
      await update(
        {
          name: '  Living room ',
          muted: true,
          thresholds: { temperature: { min: 15, max: 28, hysteresis: 0.5 }, co2: { max: 1500 } },
        },
        'bob',
      ),
    );
    expect(response.device).toMatchObject({ name: 'Living room', muted: true, role: 'admin' });
    const expected = {
      humidity: { max: 70 },
      temperature: { min: 15, max: 28, hysteresis: 0.5 },
      co2: { max: 1500 },
    };
    expect(response.device.thresholds).toEqual(expected);
    expect(await deviceDoc(cloud, deviceId)).toMatchObject({
      name: 'Living room',
      muted: true,
      thresholds: expected,
    });

    // null clears one metric's thresholds and leaves the others.
    await update({ thresholds: { co2: null }, muted: false }, 'alice');
    expect(await deviceDoc(cloud, deviceId)).toMatchObject({
      muted: false,
      thresholds: { humidity: { max: 70 }, temperature: { min: 15, max: 28, hysteresis: 0.5 } },
    });
    expect((await deviceDoc(cloud, deviceId))?.thresholds).not.toHaveProperty('co2');
  });

  it.each([
    ['a metric the model lacks', { radon: { max: 1 } }, 'thresholds.radon'],
    ['min below the range', { temperature: { min: -41 } }, 'thresholds.temperature'],
    ['max above the range', { co2: { max: 10_001 } }, 'thresholds.co2'],
    ['min not below max', { humidity: { min: 50, max: 50 } }, 'thresholds.humidity'],
    [
      'hysteresis as wide as the band',
      { humidity: { min: 40, max: 60, hysteresis: 20 } },
      'thresholds.humidity',
    ],
    ['hysteresis wider than the range', { battery: { hysteresis: 100 } }, 'thresholds.battery'],
  ])('refuses %s with the field named, changing nothing', async (_case, thresholds, field) => {
    const error = await expectRefusedUnchanged(
      () => update({ thresholds }, 'alice'),
      'invalid-argument',
    );
    expect(Object.keys(error.details?.fieldErrors ?? {})).toEqual([field]);
  });

  it('checks thresholds against the device’s own model', async () => {
    const thermo = await claimedDevice(cloud, 'alice', { model: 'thermo-1' });
    await expect(
      cloud.call(
        'updateDevice',
        { deviceId: thermo.deviceId, thresholds: { co2: { max: 1000 } } },
        as('alice'),
      ),
    ).rejects.toMatchObject({ code: 'invalid-argument' });
  });

  it.each([
    ['a viewer', 'carol', 'permission-denied'],
    ['a stranger', 'mallory', 'not-found'],
    ['anonymous', undefined, 'unauthenticated'],
  ])('refuses %s, changing nothing', async (_case, uid, code) => {
    await expectRefusedUnchanged(() => update({ name: 'Mine now' }, uid), code);
  });

  it.each([
    ['nothing to update', {}],
    ['an empty name', { name: '   ' }],
    ['an oversized name', { name: 'x'.repeat(61) }],
    ['an unknown field', { ownerUid: 'mallory' }],
    ['a non-numeric bound', { thresholds: { temperature: { max: '30' } } }],
    ['an unknown threshold field', { thresholds: { temperature: { max: 30, severity: 'high' } } }],
    ['a negative hysteresis', { thresholds: { temperature: { hysteresis: -1 } } }],
    [
      'too many metrics',
      {
        thresholds: Object.fromEntries(
          Array.from({ length: 11 }, (_, i) => [`m${String(i)}`, null]),
        ),
      },
    ],
    ['a muted string', { muted: 'yes' }],
  ])('refuses a malformed request (%s)', async (_case, data) => {
    await expectRefusedUnchanged(() => update(data, 'alice'), 'invalid-argument');
  });
});

describe('rotateDeviceKey', () => {
  const sha256 = (key: string) => createHash('sha256').update(key).digest('hex');

  it('returns a new key once, stores only its hash, and replaces the previous one', async () => {
    const first = RotateDeviceKeyResponseSchema.parse(
      await cloud.call('rotateDeviceKey', { deviceId }, as('alice')),
    );
    expect(Buffer.from(first.deviceKey, 'base64url')).toHaveLength(32);
    const keyDoc = async () =>
      (await cloud.firestore.doc(docPaths.deviceKey(deviceId)).get()).data() as
        { hash: string; rotatedBy: string } | undefined;
    expect(await keyDoc()).toMatchObject({ hash: sha256(first.deviceKey), rotatedBy: 'alice' });

    const second = RotateDeviceKeyResponseSchema.parse(
      await cloud.call('rotateDeviceKey', { deviceId }, as('bob')),
    );
    expect(second.deviceKey).not.toBe(first.deviceKey);
    expect(await keyDoc()).toMatchObject({ hash: sha256(second.deviceKey), rotatedBy: 'bob' });
    expect(JSON.stringify(await keyDoc())).not.toContain(second.deviceKey);
    // The registry keeps no key of its own any more.
    expect((await registryDoc(cloud, serial))?.deviceKeyHash).toBeNull();
    expect(JSON.stringify(await deviceDoc(cloud, deviceId))).not.toContain(
      sha256(second.deviceKey),
    );
  });

  it.each([
    ['a viewer', 'carol', 'permission-denied'],
    ['a stranger', 'mallory', 'not-found'],
    ['anonymous', undefined, 'unauthenticated'],
  ])('refuses %s, changing nothing', async (_case, uid, code) => {
    const before = await registryDoc(cloud, serial);
    const writes = await writesDuring(cloud, () =>
      expect(cloud.call('rotateDeviceKey', { deviceId }, as(uid))).rejects.toMatchObject({ code }),
    );
    expect(writes).toBe(0);
    expect(await registryDoc(cloud, serial)).toEqual(before);
  });

  it.each([
    ['unknown field', { deviceId: 'abc', key: 'mine' }],
    ['oversized id', { deviceId: 'a'.repeat(1000) }],
    ['missing id', {}],
  ])('refuses a malformed request (%s)', async (_case, data) => {
    const writes = await writesDuring(cloud, () =>
      expect(cloud.call('rotateDeviceKey', data, as('alice'))).rejects.toMatchObject({
        code: 'invalid-argument',
      }),
    );
    expect(writes).toBe(0);
  });
});
