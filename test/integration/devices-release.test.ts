// releaseDevice: the owner unpairs; everything of the device goes, members are told, the printed
// claim code works again, and a repeated or resumed release finishes the job.
import { describe, expect, it } from 'vitest';
import type { Timestamp } from 'firebase-admin/firestore';
import { ClaimDeviceResponseSchema, ReleaseDeviceResponseSchema } from '@gadget/shared';
import { startProductCloud, sharedCloud } from '../helpers/product-cloud.ts';
import { addMember, claimedDevice, count, deviceDoc, registryDoc } from '../helpers/devices.ts';

const cloud = sharedCloud(() => startProductCloud());

/** Hours (more than one page of a delete), a day, alerts, photos and files for a device. */
async function fillDevice(deviceId: string): Promise<void> {
  const batch = cloud.firestore.batch();
  const device = cloud.firestore.doc(`devices/${deviceId}`);
  for (let i = 0; i < 120; i++) {
    const hour = new Date(Date.UTC(2026, 0, 1) + i * 3_600_000);
    batch.set(device.collection('hours').doc(hour.toISOString().slice(0, 13)), {
      hour,
      ids: [`r${String(i)}`],
      values: { temperature: [20] },
    });
  }
  batch.set(device.collection('days').doc('2026-01-01'), { hours: {} });
  batch.set(device.collection('alerts').doc('a1'), { state: 'active' });
  batch.set(device.collection('photos').doc('p1'), { status: 'ready' });
  await batch.commit();
  await cloud.bucket.file(`images/devices/${deviceId}/p1/small.webp`).save(Buffer.from('img'));
  await cloud.bucket.file(`uploads/devices/${deviceId}/p1.jpg`).save(Buffer.from('up'));
}

async function filesUnder(prefix: string): Promise<string[]> {
  const [files] = await cloud.bucket.getFiles({ prefix });
  return files.map((file) => file.name);
}

async function descendantsOf(deviceId: string): Promise<number> {
  let total = 0;
  for (const sub of ['hours', 'days', 'alerts', 'photos']) {
    total += await count(cloud, `devices/${deviceId}/${sub}`);
  }
  return total;
}

describe('releaseDevice', () => {
  it('deletes the device and its data, frees the code and tells the other members', async () => {
    const device = await claimedDevice(cloud, 'alice', { name: 'Kitchen' });
    const other = await claimedDevice(cloud, 'alice');
    await addMember(cloud, device.deviceId, 'alice', 'bob', 'admin');
    await addMember(cloud, device.deviceId, 'alice', 'carol', 'viewer');
    await fillDevice(device.deviceId);
    await fillDevice(other.deviceId);
    await cloud.idle();

    const response = ReleaseDeviceResponseSchema.parse(
      await cloud.call('releaseDevice', { deviceId: device.deviceId }, { uid: 'alice' }),
    );
    expect(response.released).toBe(true);

    expect(await deviceDoc(cloud, device.deviceId)).toBeUndefined();
    expect(await descendantsOf(device.deviceId)).toBe(0);
    expect(await filesUnder(`images/devices/${device.deviceId}/`)).toEqual([]);
    expect(await filesUnder(`uploads/devices/${device.deviceId}/`)).toEqual([]);
    expect(await registryDoc(cloud, device.serial)).toMatchObject({
      claimedBy: null,
      deviceId: null,
      deviceKeyHash: null,
      failedAttempts: 0,
      lockedUntil: null,
    });
    for (const uid of ['bob', 'carol']) {
      const inbox = await cloud.firestore.collection(`users/${uid}/notifications`).get();
      expect(inbox.docs.map((doc) => doc.data())).toMatchObject([
        { kind: 'device-released', deviceId: device.deviceId, deviceName: 'Kitchen', readAt: null },
      ]);
      const entry = inbox.docs[0]?.data() as { expireAt: Timestamp; createdAt: Timestamp };
      const ttlDays = (entry.expireAt.toMillis() - entry.createdAt.toMillis()) / 86_400_000;
      expect(ttlDays).toBe(30);
    }
    expect(await count(cloud, 'users/alice/notifications')).toBe(0);

    // The other device of the same owner is untouched.
    expect(await deviceDoc(cloud, other.deviceId)).toBeDefined();
    expect(await descendantsOf(other.deviceId)).toBe(123);
    expect(await filesUnder(`images/devices/${other.deviceId}/`)).toHaveLength(1);

    // The printed code works again, for anyone, and gives a new device id.
    const reclaimed = ClaimDeviceResponseSchema.parse(
      await cloud.call(
        'claimDevice',
        { serial: device.serial, claimCode: device.code },
        { uid: 'bob' },
      ),
    );
    expect(reclaimed.created).toBe(true);
    expect(reclaimed.deviceId).not.toBe(device.deviceId);
  });

  it('finishes a release that stopped half-way, without telling anyone twice', async () => {
    const device = await claimedDevice(cloud, 'alice');
    await addMember(cloud, device.deviceId, 'alice', 'bob', 'viewer');
    await fillDevice(device.deviceId);
    // The state a crash after the first step leaves: members told and removed, registry freed.
    await cloud.firestore.doc(`users/bob/notifications/device-released-${device.deviceId}`).set({
      kind: 'device-released',
      deviceId: device.deviceId,
    });
    await cloud.firestore.doc(`devices/${device.deviceId}`).update({
      members: { alice: 'owner' },
      memberUids: ['alice'],
    });
    await cloud.firestore
      .doc(`deviceRegistry/${device.serial}`)
      .update({ claimedBy: null, deviceId: null });

    await cloud.call('releaseDevice', { deviceId: device.deviceId }, { uid: 'alice' });
    expect(await deviceDoc(cloud, device.deviceId)).toBeUndefined();
    expect(await descendantsOf(device.deviceId)).toBe(0);
    expect(await filesUnder(`images/devices/${device.deviceId}/`)).toEqual([]);
    expect(await count(cloud, 'users/bob/notifications')).toBe(1);
  });

  it('answers a second release not-found, the device being gone', async () => {
    const device = await claimedDevice(cloud, 'alice');
    await cloud.call('releaseDevice', { deviceId: device.deviceId }, { uid: 'alice' });
    await expect(
      cloud.call('releaseDevice', { deviceId: device.deviceId }, { uid: 'alice' }),
    ).rejects.toMatchObject({ code: 'not-found' });
  });

  it.each([
    ['an admin', 'bob', 'permission-denied'],
    ['a viewer', 'carol', 'permission-denied'],
    ['a stranger', 'mallory', 'not-found'],
    ['anonymous', undefined, 'unauthenticated'],
  ])('refuses %s and changes nothing', async (_who, uid, code) => {
    const device = await claimedDevice(cloud, 'alice');
    await addMember(cloud, device.deviceId, 'alice', 'bob', 'admin');
    await addMember(cloud, device.deviceId, 'alice', 'carol', 'viewer');
    await fillDevice(device.deviceId);
    await cloud.idle();
    const before = await deviceDoc(cloud, device.deviceId);
    cloud.resetOps();
    await expect(
      cloud.call('releaseDevice', { deviceId: device.deviceId }, uid === undefined ? {} : { uid }),
    ).rejects.toMatchObject({ code });
    expect(cloud.ops().writes + cloud.ops().deletes).toBe(0);
    expect(await deviceDoc(cloud, device.deviceId)).toEqual(before);
    expect(await descendantsOf(device.deviceId)).toBe(123);
  });

  it('answers a stranger exactly as for a device that does not exist', async () => {
    const device = await claimedDevice(cloud, 'alice');
    const refusal = (deviceId: string) =>
      cloud.call('releaseDevice', { deviceId }, { uid: 'mallory' }).catch((error: unknown) => {
        const { code, message } = error as { code: string; message: string };
        return { code, message };
      });
    expect(await refusal(device.deviceId)).toEqual(await refusal('noSuchDevice'));
  });

  it.each([
    ['not an object', 'abc'],
    ['unknown field', { deviceId: 'abc', force: true }],
    ['a path for an id', { deviceId: 'abc/readings/r1' }],
    ['oversized id', { deviceId: 'a'.repeat(10_000) }],
  ])('refuses a malformed request (%s)', async (_case, data) => {
    cloud.resetOps();
    await expect(cloud.call('releaseDevice', data, { uid: 'alice' })).rejects.toMatchObject({
      code: 'invalid-argument',
    });
    expect(cloud.ops().writes).toBe(0);
  });
});
