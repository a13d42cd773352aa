import { describe, expect, it } from 'vitest';
import type { TestCloud } from '@gadget/local-cloud/testing';
import { startProductCloud, useCloud } from '../helpers/product-cloud.ts';
import { claimedDevice, deviceDoc } from '../helpers/devices.ts';
import { run } from './maintenance-fixtures.ts';

let cloud: TestCloud;
useCloud(startProductCloud, (started) => {
  cloud = started;
  process.env.FIREBASE_STORAGE_EMULATOR_HOST = started.cloud.storageServer.hostAndPort;
});

const NOW = new Date();

describe('reconciliation', () => {
  it('gives a profile without an auth user the deletion cascade and keeps the others', async () => {
    const { uid } = await cloud.signUp({ email: 'kept@example.com' });
    await cloud.idle();
    await cloud.firestore.doc('users/ghost').set({ displayName: 'Ghost' });
    await cloud.firestore.doc('users/ghost/notifications/n1').set({ kind: 'x' });
    const result = await run({ now: NOW, tasks: ['orphanProfiles'] });
    expect(result.tasks.orphanProfiles).toEqual({ deleted: 0, fixed: 1, backlog: false });
    expect((await cloud.firestore.doc('users/ghost').get()).exists).toBe(false);
    expect((await cloud.firestore.doc('users/ghost/notifications/n1').get()).exists).toBe(false);
    expect((await cloud.firestore.doc('accountDeletions/ghost').get()).get('finishedAt')).not.toBe(
      null,
    );
    expect((await cloud.firestore.doc(`users/${uid}`).get()).exists).toBe(true);
    const again = await run({ now: NOW, tasks: ['orphanProfiles'] });
    expect(again.tasks.orphanProfiles?.fixed).toBe(0);
  });

  it('hands a device whose owner is gone to its admin, and releases one without an admin', async () => {
    await cloud.auth.createUser({ uid: 'bob' });
    await cloud.auth.createUser({ uid: 'carol' });
    // 'gone' and 'lost' never had auth users: their devices' owners no longer exist.
    const handed = await claimedDevice(cloud, 'gone');
    await cloud.firestore.doc(`devices/${handed.deviceId}`).update({
      'members.bob': 'admin',
      memberUids: ['gone', 'bob'],
      'memberSince.bob': new Date(),
    });
    const released = await claimedDevice(cloud, 'lost');
    const kept = await claimedDevice(cloud, 'carol');

    const result = await run({ now: NOW, tasks: ['orphanDevices'] });
    expect(result.tasks.orphanDevices).toEqual({ deleted: 0, fixed: 2, backlog: false });
    expect(await deviceDoc(cloud, handed.deviceId)).toMatchObject({
      ownerUid: 'bob',
      members: { bob: 'owner' },
      memberUids: ['bob'],
    });
    expect(await deviceDoc(cloud, released.deviceId)).toBeUndefined();
    expect(await deviceDoc(cloud, kept.deviceId)).toMatchObject({ ownerUid: 'carol' });
  });
});
