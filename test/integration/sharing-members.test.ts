// removeMember, leaveDevice and transferOwnership through the callables.
import { beforeEach, describe, expect, it } from 'vitest';
import {
  LeaveDeviceResponseSchema,
  RemoveMemberResponseSchema,
  TransferOwnershipResponseSchema,
} from '@gadget/shared';
import { sharedCloud, startProductCloud } from '../helpers/product-cloud.ts';
import { claimedDevice, deviceDoc, seedMembers } from '../helpers/devices.ts';
import { writesDuring } from '../helpers/writes.ts';

const cloud = sharedCloud(() => startProductCloud());
let deviceId: string;

/** alice owns the device; bob and dave are admins, carol and erin viewers. */
beforeEach(async () => {
  ({ deviceId } = await claimedDevice(cloud, 'alice'));
  await seedMembers(cloud, deviceId, {
    bob: 'admin',
    dave: 'admin',
    carol: 'viewer',
    erin: 'viewer',
  });
});

const as = (uid: string | undefined) => (uid === undefined ? {} : { uid });

async function members(): Promise<{ members: unknown; memberUids: string[] }> {
  const doc = await deviceDoc(cloud, deviceId);
  const memberUids = [...(doc?.memberUids as string[])].sort();
  expect(Object.keys(doc?.members as object).sort()).toEqual(memberUids);
  expect(Object.keys(doc?.memberSince as object).sort()).toEqual(memberUids);
  return { members: doc?.members, memberUids };
}

async function expectRefusedUnchanged(call: () => Promise<unknown>, code: string): Promise<void> {
  const before = await deviceDoc(cloud, deviceId);
  expect(await writesDuring(cloud, () => expect(call()).rejects.toMatchObject({ code }))).toBe(0);
  expect(await deviceDoc(cloud, deviceId)).toEqual(before);
}

describe('removeMember', () => {
  it('lets the owner remove an admin and an admin remove a viewer', async () => {
    expect(
      RemoveMemberResponseSchema.parse(
        await cloud.call('removeMember', { deviceId, uid: 'bob' }, as('alice')),
      ),
    ).toEqual({ removed: true });
    await cloud.call('removeMember', { deviceId, uid: 'carol' }, as('dave'));
    expect((await members()).memberUids).toEqual(['alice', 'dave', 'erin']);
  });

  it('answers removed: false for someone who is not a member', async () => {
    const writes = await writesDuring(cloud, async () => {
      expect(await cloud.call('removeMember', { deviceId, uid: 'zed' }, as('alice'))).toEqual({
        removed: false,
      });
    });
    expect(writes).toBe(0);
  });

  it.each([
    ['an admin removing an admin', 'bob', 'dave', 'permission-denied'],
    ['a viewer removing a viewer', 'carol', 'erin', 'permission-denied'],
    ['the owner removing themself', 'alice', 'alice', 'failed-precondition'],
    ['an admin removing the owner', 'bob', 'alice', 'permission-denied'],
    ['a stranger', 'mallory', 'carol', 'not-found'],
    ['anonymous', undefined, 'carol', 'unauthenticated'],
  ])('refuses %s, changing nothing', async (_case, caller, target, code) => {
    await expectRefusedUnchanged(
      () => cloud.call('removeMember', { deviceId, uid: target }, as(caller)),
      code,
    );
  });

  it.each([
    ['missing uid', { deviceId }],
    ['unknown field', { deviceId, uid: 'bob', reason: 'x' }],
    ['oversized uid', { deviceId, uid: 'x'.repeat(200) }],
    ['uid with a slash', { deviceId, uid: 'a/b' }],
  ])('refuses a malformed request (%s)', async (_case, data) => {
    await expectRefusedUnchanged(
      () => cloud.call('removeMember', data, as('alice')),
      'invalid-argument',
    );
  });
});

describe('leaveDevice', () => {
  it('lets an admin and a viewer leave', async () => {
    expect(
      LeaveDeviceResponseSchema.parse(await cloud.call('leaveDevice', { deviceId }, as('bob'))),
    ).toEqual({ left: true });
    await cloud.call('leaveDevice', { deviceId }, as('carol'));
    expect((await members()).memberUids).toEqual(['alice', 'dave', 'erin']);
  });

  it.each([
    ['the owner', 'alice', 'failed-precondition'],
    ['a stranger', 'mallory', 'not-found'],
    ['anonymous', undefined, 'unauthenticated'],
  ])('refuses %s, changing nothing', async (_case, caller, code) => {
    await expectRefusedUnchanged(() => cloud.call('leaveDevice', { deviceId }, as(caller)), code);
  });

  it('refuses a malformed request', async () => {
    await expectRefusedUnchanged(
      () => cloud.call('leaveDevice', { deviceId, uid: 'bob' }, as('bob')),
      'invalid-argument',
    );
  });
});

describe('transferOwnership', () => {
  it('makes a viewer the owner and the old owner an admin', async () => {
    expect(
      TransferOwnershipResponseSchema.parse(
        await cloud.call('transferOwnership', { deviceId, uid: 'carol' }, as('alice')),
      ),
    ).toEqual({ ownerUid: 'carol' });
    const doc = await deviceDoc(cloud, deviceId);
    expect(doc).toMatchObject({ ownerUid: 'carol' });
    expect((await members()).members).toEqual({
      alice: 'admin',
      bob: 'admin',
      dave: 'admin',
      carol: 'owner',
      erin: 'viewer',
    });
    // The new owner can now do what only owners can; the old one cannot.
    await cloud.call('removeMember', { deviceId, uid: 'alice' }, as('carol'));
    await expect(
      cloud.call('transferOwnership', { deviceId, uid: 'bob' }, as('alice')),
    ).rejects.toMatchObject({ code: 'not-found' });
  });

  it.each([
    ['an admin', 'bob', 'carol', 'permission-denied'],
    ['a viewer', 'carol', 'carol', 'permission-denied'],
    ['to a non-member', 'alice', 'mallory', 'failed-precondition'],
    ['a stranger', 'mallory', 'bob', 'not-found'],
    ['anonymous', undefined, 'bob', 'unauthenticated'],
  ])('refuses %s, changing nothing', async (_case, caller, target, code) => {
    await expectRefusedUnchanged(
      () => cloud.call('transferOwnership', { deviceId, uid: target }, as(caller)),
      code,
    );
  });

  it.each([
    ['missing uid', { deviceId }],
    ['unknown field', { deviceId, uid: 'bob', keepAdmin: false }],
    ['oversized uid', { deviceId, uid: 'x'.repeat(5000) }],
  ])('refuses a malformed request (%s)', async (_case, data) => {
    await expectRefusedUnchanged(
      () => cloud.call('transferOwnership', data, as('alice')),
      'invalid-argument',
    );
  });
});
