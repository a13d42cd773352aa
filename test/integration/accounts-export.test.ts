// requestDataExport: one JSON file with everything of the caller's (and nothing secret), its path
// returned, at most one per hour, and refusals that write nothing.
import { beforeEach, describe, expect, it } from 'vitest';
import { DataExportFileSchema, RequestDataExportResponseSchema } from '@gadget/shared';
import { startProductCloud, sharedCloud } from '../helpers/product-cloud.ts';
import {
  objectNames,
  seedAlert,
  seedDevice,
  seedProfile,
  seedPushToken,
  seedReading,
  seedSchedule,
} from './accounts-fixtures.ts';

const cloud = sharedCloud(() => startProductCloud());
beforeEach(async () => {
  const db = cloud.firestore;
  await seedProfile(db, 'u1', 'Ada');
  await seedProfile(db, 'u2', 'Bob');
  await seedPushToken(db, 'u1', 't1', 'ios');
  await seedPushToken(db, 'u1', 't2', 'web');
  await seedDevice(db, 'own', 'u1', { u2: 'viewer' });
  await seedReading(db, 'own', 'recent', 1);
  await seedReading(db, 'own', 'older', 29);
  await seedReading(db, 'own', 'too-old', 31);
  await seedAlert(db, 'own', 'a1');
  await seedDevice(db, 'shared', 'u2', { u1: 'admin' });
  await seedReading(db, 'shared', 'theirs', 1);
  await seedAlert(db, 'shared', 'a2');
  await seedDevice(db, 'other', 'u2');
  await seedReading(db, 'other', 'private', 1);
  await seedSchedule(db, 's1', 'u1', 'own');
  await seedSchedule(db, 's2', 'u2', 'other');
});

async function readExport(path: string) {
  const file = cloud.bucket.file(path);
  const [metadata] = await file.getMetadata();
  const [bytes] = await file.download();
  return { metadata, content: DataExportFileSchema.parse(JSON.parse(bytes.toString('utf8'))) };
}

describe('requestDataExport', () => {
  it('writes the caller’s data as one JSON file and returns its path', async () => {
    const before = Date.now();
    const response = RequestDataExportResponseSchema.parse(
      await cloud.call('requestDataExport', {}, { uid: 'u1' }),
    );
    expect(response.path).toMatch(/^exports\/users\/u1\/[^/]+\.json$/);
    const expiresAt = Date.parse(response.expiresAt);
    expect(expiresAt - before).toBeGreaterThanOrEqual(7 * 24 * 3600 * 1000 - 60_000);
    expect(expiresAt - before).toBeLessThanOrEqual(7 * 24 * 3600 * 1000 + 60_000);
    expect(await objectNames(cloud, 'exports/')).toEqual([response.path]);

    const { metadata, content } = await readExport(response.path);
    expect(metadata.contentType).toBe('application/json');
    expect(metadata.metadata?.expireAt).toBe(response.expiresAt);
    expect(content).toMatchObject({ format: 'gadget-export', version: 1, uid: 'u1' });
    expect(content.profile).toMatchObject({ displayName: 'Ada', email: 'u1@gadget.test' });
    expect(content.profile?.createdAt).toBe('2024-01-01T00:00:00.000Z');
    expect(
      content.devices
        .map(({ deviceId, role }) => ({ deviceId, role }))
        .sort((a, b) => a.deviceId.localeCompare(b.deviceId)),
    ).toEqual([
      { deviceId: 'own', role: 'owner' },
      { deviceId: 'shared', role: 'admin' },
    ]);
    expect(content.devices.find((d) => d.deviceId === 'own')?.device).toMatchObject({
      name: 'Device own',
      ownerUid: 'u1',
    });
    // Readings of owned devices from the last 30 days, oldest first; none of others' devices.
    expect(Object.keys(content.readings)).toEqual(['own']);
    expect(content.readings.own?.map((r) => r.id)).toEqual(['older', 'recent']);
    expect(content.readings.own?.[0]).toMatchObject({ values: { temperature: 21.5 } });
    expect(Object.keys(content.alerts).sort()).toEqual(['own', 'shared']);
    expect(content.alerts.own?.map((a) => a.id)).toEqual(['a1']);
    expect(content.schedules.map((s) => s.id)).toEqual(['s1']);
    expect(content.pushTokens.map((t) => t.platform).sort()).toEqual(['ios', 'web']);
    expect(content.pushTokens[0]).toMatchObject({ appVersion: '1.2.3' });
    // The token values are credentials and never leave the database.
    const [raw] = await cloud.bucket.file(response.path).download();
    expect(raw.toString('utf8')).not.toContain('secret-token');
    expect(raw.toString('utf8')).not.toContain('private');
  });

  it('allows one export per hour per user', async () => {
    await cloud.call('requestDataExport', {}, { uid: 'u1' });
    cloud.resetOps();
    await expect(cloud.call('requestDataExport', {}, { uid: 'u1' })).rejects.toMatchObject({
      code: 'resource-exhausted',
      details: { retryAfterSeconds: expect.any(Number) as unknown },
    });
    expect(cloud.ops().writes).toBe(0);
    expect(await objectNames(cloud, 'exports/')).toHaveLength(1);
    // Another user has their own allowance.
    await cloud.call('requestDataExport', {}, { uid: 'u2' });
    expect(await objectNames(cloud, 'exports/users/u2/')).toHaveLength(1);
  });

  it('gives owners and admins the serial, and a viewer none, even from a device not yet migrated', async () => {
    // `own` as claiming wrote it before the serial moved: on the device, no identity document.
    await cloud.firestore.doc('devices/own/private/identity').delete();
    await cloud.firestore.doc('devices/own').update({ serial: 'GDG-OWN' });
    const forViewer = await readExport(
      RequestDataExportResponseSchema.parse(
        await cloud.call('requestDataExport', {}, { uid: 'u2' }),
      ).path,
    );
    const own = forViewer.content.devices.find((d) => d.deviceId === 'own');
    expect(own).toMatchObject({ role: 'viewer', serial: null });
    expect(own?.device).not.toHaveProperty('serial');
    expect(JSON.stringify(forViewer.content)).not.toContain('GDG-OWN');
    expect(forViewer.content.devices.find((d) => d.deviceId === 'shared')).toMatchObject({
      role: 'owner',
      serial: 'GDG-SHARED',
    });
    const forAdmin = await readExport(
      RequestDataExportResponseSchema.parse(
        await cloud.call('requestDataExport', {}, { uid: 'u1' }),
      ).path,
    );
    expect(forAdmin.content.devices.find((d) => d.deviceId === 'shared')).toMatchObject({
      role: 'admin',
      serial: 'GDG-SHARED',
    });
  });

  it('exports what there is for a user without a profile yet', async () => {
    const response = RequestDataExportResponseSchema.parse(
      await cloud.call('requestDataExport', {}, { uid: 'newcomer' }),
    );
    const { content } = await readExport(response.path);
    expect(content).toMatchObject({ profile: null, devices: [], schedules: [], pushTokens: [] });
  });

  it.each([
    ['unauthenticated', { uid: undefined }, {}, 'unauthenticated'],
    ['malformed: not an object', { uid: 'u1' }, 42, 'invalid-argument'],
    ['malformed: unknown field', { uid: 'u1' }, { uid: 'u2' }, 'invalid-argument'],
    ['oversized', { uid: 'u1' }, { note: 'x'.repeat(100_000) }, 'invalid-argument'],
  ])('refuses a request %s and writes nothing', async (_case, options, data, code) => {
    cloud.resetOps();
    await expect(cloud.call('requestDataExport', data, options)).rejects.toMatchObject({ code });
    expect(cloud.ops().writes).toBe(0);
    expect(await objectNames(cloud, 'exports/')).toEqual([]);
  });
});
