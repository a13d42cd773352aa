// releaseDevice: the owner unpairs; everything of the device goes, members are told, the printed
// claim code works again, and a repeated or resumed release finishes the job.
import { describe, expect, it } from 'vitest';
import { Timestamp } from 'firebase-admin/firestore';
import {
  ClaimDeviceResponseSchema,
  InboxNotificationSchema,
  ReleaseDeviceResponseSchema,
} from '@gadget/shared';
import { startProductCloud, sharedCloud } from '../helpers/product-cloud.ts';
import { addMember, claimedDevice, count, deviceDoc, registryDoc } from '../helpers/devices.ts';
import { pushed, seedProfile, seedTokens, tokenHash } from './push-fixtures.ts';

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

/** Firestore Timestamps as Dates, the way the shared schemas read documents. */
function toDates(value: unknown): unknown {
  if (value instanceof Timestamp) return value.toDate();
  if (Array.isArray(value)) return value.map(toDates);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toDates(item)]));
  }
  return value;
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
    await seedProfile(cloud, 'bob');
    await seedProfile(cloud, 'carol', { locale: 'de-DE' });
    const [carolToken] = (await seedTokens(cloud, 'carol', 1)) as [string];
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
    // Through the notification service: the inbox shape every notice has, in each one's language.
    const wording = {
      bob: {
        title: 'Kitchen was removed',
        body: 'The owner unpaired Kitchen; it is no longer shared with you.',
      },
      carol: {
        title: 'Kitchen wurde entfernt',
        body: 'Der Besitzer hat Kitchen entkoppelt; es wird nicht mehr mit dir geteilt.',
      },
    };
    for (const uid of ['bob', 'carol'] as const) {
      // Their inbox also holds the news of each other joining; the release is one entry.
      const inbox = await cloud.firestore.collection(`users/${uid}/notifications`).get();
      const released = inbox.docs.filter((doc) => doc.get('kind') === 'device-released');
      expect(released.map((doc) => doc.id)).toEqual([`device-released-${device.deviceId}`]);
      const entry = InboxNotificationSchema.parse(toDates(released[0]?.data()));
      expect(entry).toMatchObject({
        kind: 'device-released',
        deviceId: device.deviceId,
        alertId: null,
        readAt: null,
        ...wording[uid],
      });
      const ttlDays = (entry.expireAt.getTime() - entry.createdAt.getTime()) / 86_400_000;
      expect(ttlDays).toBe(30);
    }
    // Carol speaks German and has a phone: she gets the push, in German. Bob has no phone.
    const pushes = pushed(cloud).filter((m) => m.data?.kind === 'device-released');
    expect(pushes.map((m) => [m.token, m.notification?.title, m.notification?.body])).toEqual([
      [carolToken, wording.carol.title, wording.carol.body],
    ]);
    expect(
      (
        await cloud.firestore
          .doc(`users/bob/notifications/device-released-${device.deviceId}`)
          .get()
      ).get('push'),
    ).toMatchObject({ status: 'skipped', skipped: 'no-tokens' });
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

  it('finishes a release that stopped half-way, telling the noted members once', async () => {
    await seedProfile(cloud, 'bob');
    const [bobToken] = (await seedTokens(cloud, 'bob', 1)) as [string];
    const device = await claimedDevice(cloud, 'alice');
    await addMember(cloud, device.deviceId, 'alice', 'bob', 'viewer');
    await fillDevice(device.deviceId);
    await cloud.idle();
    cloud.outbox.clear();
    // The state a crash right after the first step leaves: members removed and noted, registry
    // freed, nobody told yet.
    await cloud.firestore.doc(`devices/${device.deviceId}`).update({
      members: { alice: 'owner' },
      memberUids: ['alice'],
      releaseNotice: ['bob'],
    });
    await cloud.firestore
      .doc(`deviceRegistry/${device.serial}`)
      .update({ claimedBy: null, deviceId: null });

    await cloud.call('releaseDevice', { deviceId: device.deviceId }, { uid: 'alice' });
    expect(await deviceDoc(cloud, device.deviceId)).toBeUndefined();
    expect(await descendantsOf(device.deviceId)).toBe(0);
    expect(await filesUnder(`images/devices/${device.deviceId}/`)).toEqual([]);
    expect(await count(cloud, 'users/bob/notifications')).toBe(1);
    const released = () => pushed(cloud).filter((m) => m.data?.kind === 'device-released');
    expect(released().map((m) => m.token)).toEqual([bobToken]);
  });

  it('tells the owner nothing of the members it took off, however often the event comes', async () => {
    await seedProfile(cloud, 'alice');
    const [aliceToken] = (await seedTokens(cloud, 'alice', 1)) as [string];
    await seedProfile(cloud, 'bob');
    const [bobToken] = (await seedTokens(cloud, 'bob', 1)) as [string];
    const device = await claimedDevice(cloud, 'alice');
    await addMember(cloud, device.deviceId, 'alice', 'bob', 'viewer');
    await cloud.idle();
    cloud.outbox.clear();
    const memberLeft = async () =>
      (await cloud.firestore.collection('users/alice/notifications').get()).docs.filter(
        (doc) => doc.get('kind') === 'member-left',
      );
    cloud.cloud.configureDelivery({ deliverTwice: true });
    try {
      // The release's first step as it commits, the device still there while its trigger runs
      // (twice, as at-least-once delivery may): bob taken off and noted to be told.
      const since = (await cloud.firestore.doc(`devices/${device.deviceId}`).get()).get(
        'memberSince.alice',
      ) as unknown;
      await cloud.firestore.doc(`devices/${device.deviceId}`).update({
        members: { alice: 'owner' },
        memberUids: ['alice'],
        memberSince: { alice: since },
        releaseNotice: ['bob'],
      });
      await cloud.idle();
      expect(await memberLeft()).toEqual([]);
      expect(pushed(cloud)).toEqual([]);

      await cloud.call('releaseDevice', { deviceId: device.deviceId }, { uid: 'alice' });
      await cloud.idle();
      expect(await memberLeft()).toEqual([]);
      expect(pushed(cloud).map((m) => [m.token, m.data?.kind])).toEqual([
        [bobToken, 'device-released'],
      ]);
      expect(pushed(cloud).map((m) => m.token)).not.toContain(aliceToken);
    } finally {
      cloud.cloud.configureDelivery({ deliverTwice: false });
    }
  });

  it('a release resumed after telling the members pushes nothing twice', async () => {
    await seedProfile(cloud, 'bob');
    const [bobToken] = (await seedTokens(cloud, 'bob', 1)) as [string];
    const device = await claimedDevice(cloud, 'alice');
    await addMember(cloud, device.deviceId, 'alice', 'bob', 'viewer');
    await cloud.idle();
    // Telling went through (the entry records the token it reached), then the release stopped.
    await cloud.firestore.doc(`devices/${device.deviceId}`).update({
      members: { alice: 'owner' },
      memberUids: ['alice'],
      releaseNotice: ['bob'],
    });
    const now = new Date();
    await cloud.firestore.doc(`users/bob/notifications/device-released-${device.deviceId}`).set({
      kind: 'device-released',
      title: 'Cellar was removed',
      body: 'The owner unpaired Cellar; it is no longer shared with you.',
      deviceId: device.deviceId,
      alertId: null,
      link: `gadget://devices/${device.deviceId}`,
      createdAt: now,
      readAt: null,
      expireAt: new Date(now.getTime() + 30 * 86_400_000),
      push: {
        status: 'sent',
        skipped: null,
        sentTokens: [tokenHash(bobToken)],
        failedTokens: [],
        updatedAt: now,
      },
    });
    cloud.outbox.clear();
    await cloud.call('releaseDevice', { deviceId: device.deviceId }, { uid: 'alice' });
    expect(await deviceDoc(cloud, device.deviceId)).toBeUndefined();
    expect(pushed(cloud).filter((m) => m.data?.kind === 'device-released')).toEqual([]);
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
