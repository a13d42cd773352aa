// The membership and release services other flows (account deletion) call directly, run in this
// process against the test cloud: firebase-admin's first app here is the harness's.
import { describe, expect, it } from 'vitest';
import type { Device } from '@gadget/shared';
import { sharedCloud, startProductCloud } from '../helpers/product-cloud.ts';
import { addMember, claimedDevice, deviceDoc, registryDoc } from '../helpers/devices.ts';
import {
  longestStandingAdmin,
  removeMembership,
  transferOwnership,
} from '../../functions/src/services/sharing/membership.ts';
import { releaseDevice } from '../../functions/src/services/devices/device-release.ts';
import { seedProfile } from './push-fixtures.ts';

const cloud = sharedCloud(async () => {
  const started = await startProductCloud();
  process.env.FIREBASE_STORAGE_EMULATOR_HOST = started.cloud.storageServer.hostAndPort;
  return started;
});

function membersOf(doc: Record<string, unknown> | undefined) {
  return { members: doc?.members, memberUids: [...(doc?.memberUids as string[])].sort() };
}

describe('removeMembership', () => {
  it('removes a member from members, memberUids and memberSince together; repeats are no-ops', async () => {
    const { deviceId } = await claimedDevice(cloud, 'alice');
    await addMember(cloud, deviceId, 'alice', 'bob', 'viewer');
    await removeMembership(deviceId, 'bob');
    const after = await deviceDoc(cloud, deviceId);
    expect(membersOf(after)).toEqual({ members: { alice: 'owner' }, memberUids: ['alice'] });
    expect(Object.keys(after?.memberSince as object)).toEqual(['alice']);
    cloud.resetOps();
    await removeMembership(deviceId, 'bob');
    await removeMembership(deviceId, 'nobody');
    await removeMembership('noSuchDevice', 'bob');
    expect(cloud.ops().writes).toBe(0);
  });

  it('never removes the owner', async () => {
    const { deviceId } = await claimedDevice(cloud, 'alice');
    await expect(removeMembership(deviceId, 'alice')).rejects.toMatchObject({
      code: 'failed-precondition',
    });
    expect(membersOf(await deviceDoc(cloud, deviceId)).memberUids).toEqual(['alice']);
  });
});

describe('transferOwnership', () => {
  it('makes a member the owner and the old owner an admin; a repeat changes nothing', async () => {
    const { deviceId } = await claimedDevice(cloud, 'alice');
    await addMember(cloud, deviceId, 'alice', 'bob', 'viewer');
    await transferOwnership(deviceId, 'alice', 'bob');
    const after = await deviceDoc(cloud, deviceId);
    expect(after).toMatchObject({ ownerUid: 'bob', members: { alice: 'admin', bob: 'owner' } });
    expect(membersOf(after).memberUids).toEqual(['alice', 'bob']);
    cloud.resetOps();
    await transferOwnership(deviceId, 'alice', 'bob');
    expect(cloud.ops().writes).toBe(0);
  });

  it('refuses a non-member as new owner and a caller who is not the owner', async () => {
    const { deviceId } = await claimedDevice(cloud, 'alice');
    await addMember(cloud, deviceId, 'alice', 'bob', 'admin');
    const before = await deviceDoc(cloud, deviceId);
    await expect(transferOwnership(deviceId, 'alice', 'mallory')).rejects.toMatchObject({
      code: 'failed-precondition',
    });
    await expect(transferOwnership(deviceId, 'bob', 'alice')).resolves.toBeUndefined();
    await expect(transferOwnership(deviceId, 'mallory', 'bob')).rejects.toMatchObject({
      code: 'failed-precondition',
    });
    await expect(transferOwnership('noSuchDevice', 'alice', 'bob')).rejects.toMatchObject({
      code: 'not-found',
    });
    expect(await deviceDoc(cloud, deviceId)).toEqual(before);
  });
});

describe('longestStandingAdmin', () => {
  const device = (members: Device['members'], since: Record<string, number>): Device => ({
    model: 'thermo-1',
    name: 'x',
    ownerUid: 'owner',
    members,
    memberUids: Object.keys(members),
    memberSince: Object.fromEntries(Object.entries(since).map(([uid, t]) => [uid, new Date(t)])),
    thresholds: {},
    muted: false,
    status: { online: false, lastSeenAt: null, battery: null, firmware: null },
    latest: null,
    createdAt: new Date(0),
  });

  it('picks the admin who joined first, ignoring viewers and the owner', () => {
    expect(
      longestStandingAdmin(
        device(
          { owner: 'owner', v: 'viewer', a2: 'admin', a1: 'admin' },
          { owner: 0, v: 1, a1: 3, a2: 2 },
        ),
      ),
    ).toBe('a2');
  });

  it('breaks ties by uid and answers undefined without admins', () => {
    expect(
      longestStandingAdmin(device({ owner: 'owner', b: 'admin', a: 'admin' }, { a: 5, b: 5 })),
    ).toBe('a');
    expect(longestStandingAdmin(device({ owner: 'owner', v: 'viewer' }, { v: 1 }))).toBeUndefined();
  });
});

describe('releaseDevice (service)', () => {
  it('releases for a deleted owner, and is a no-op on a device already gone', async () => {
    await seedProfile(cloud, 'bob');
    const { deviceId, serial } = await claimedDevice(cloud, 'alice');
    await addMember(cloud, deviceId, 'alice', 'bob', 'viewer');
    await cloud.firestore.doc(`devices/${deviceId}/hours/2026-01-01T10`).set({ ids: ['r1'] });
    await releaseDevice(deviceId, 'owner-deleted');
    expect(await deviceDoc(cloud, deviceId)).toBeUndefined();
    expect(await registryDoc(cloud, serial)).toMatchObject({ claimedBy: null, deviceId: null });
    const inbox = await cloud.firestore.collection('users/bob/notifications').get();
    expect(inbox.docs.map((doc) => [doc.id, doc.get('kind') as string])).toEqual([
      [`device-released-${deviceId}`, 'device-released'],
    ]);

    await releaseDevice(deviceId, 'owner-deleted');
    await releaseDevice('neverExisted', 'owner-released');
    expect(inbox.size).toBe(
      (await cloud.firestore.collection('users/bob/notifications').get()).size,
    );
  });

  it('frees the registry and deletes leftovers when only they remain', async () => {
    const { deviceId, serial } = await claimedDevice(cloud, 'alice');
    // A crash after the device document went: leftovers and a registry entry still pointing at it.
    await cloud.firestore.doc(`devices/${deviceId}`).delete();
    await cloud.firestore.doc(`devices/${deviceId}/alerts/a1`).set({ state: 'active' });
    await releaseDevice(deviceId, 'owner-released');
    expect(await registryDoc(cloud, serial)).toMatchObject({ claimedBy: null, deviceId: null });
    expect((await cloud.firestore.collection(`devices/${deviceId}/alerts`).get()).size).toBe(0);
  });
});
