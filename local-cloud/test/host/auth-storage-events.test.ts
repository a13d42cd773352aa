import { describe, expect, it } from 'vitest';
import { recorded, useFixtureCloud } from './fixture-cloud.ts';
import type { FixtureCloud } from './fixture-cloud.ts';

let t: FixtureCloud;

useFixtureCloud((cloud) => {
  t = cloud;
});

describe('Auth events', () => {
  it('deliver a sign-up exactly once, with the user’s email and display name', async () => {
    const user = await t.signUp({ email: 'ada@gadget.test', displayName: 'Ada' });
    await t.idle();

    const created = await recorded(t, 'recordUserCreated');
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({
      type: 'google.firebase.auth.user.v2.created',
      summary: { uid: user.uid, email: 'ada@gadget.test', displayName: 'Ada' },
    });
    expect(await recorded(t, 'recordUserDeleted')).toEqual([]);
  });

  it('deliver a deletion through the admin SDK exactly once, with the deleted user', async () => {
    const user = await t.signUp({ email: 'grace@gadget.test', displayName: 'Grace' });
    await t.idle();
    await t.auth.deleteUser(user.uid);
    await t.idle();

    const deleted = await recorded(t, 'recordUserDeleted');
    expect(deleted).toHaveLength(1);
    expect(deleted[0]).toMatchObject({
      type: 'google.firebase.auth.user.v2.deleted',
      summary: { uid: user.uid, email: 'grace@gadget.test', displayName: 'Grace' },
    });
    expect(await recorded(t, 'recordUserCreated')).toHaveLength(1);
  });

  it('deliver a user the admin SDK creates', async () => {
    const user = await t.auth.createUser({ email: 'linus@gadget.test' });
    await t.idle();

    const created = await recorded(t, 'recordUserCreated');
    expect(created.map((d) => d.summary)).toEqual([
      { uid: user.uid, email: 'linus@gadget.test', displayName: null },
    ]);
  });
});

describe('Storage events', () => {
  it('deliver a finalized upload once, with the object’s name, type, size and metadata', async () => {
    await t.upload('uploads/a.txt', Buffer.from('hello'), 'text/plain', { owner: 'ada' });
    await t.idle();

    const finalized = await recorded(t, 'onObjectFinalized');
    expect(finalized).toHaveLength(1);
    expect(finalized[0]).toMatchObject({
      type: 'google.cloud.storage.object.v1.finalized',
      summary: {
        name: 'uploads/a.txt',
        bucket: t.cloud.storageBucket,
        contentType: 'text/plain',
        size: 5,
        metadata: { owner: 'ada' },
      },
    });
    expect(await recorded(t, 'onObjectDeleted')).toEqual([]);
  });

  it('deliver a deletion once, with the deleted object', async () => {
    await t.upload('uploads/b.bin', Buffer.alloc(10, 1), 'application/octet-stream');
    await t.idle();
    await t.bucket.file('uploads/b.bin').delete();
    await t.idle();

    const deleted = await recorded(t, 'onObjectDeleted');
    expect(deleted).toHaveLength(1);
    expect(deleted[0]).toMatchObject({
      type: 'google.cloud.storage.object.v1.deleted',
      summary: { name: 'uploads/b.bin', bucket: t.cloud.storageBucket, size: 10 },
    });
  });

  it('deliver one finalize per upload when an object is overwritten', async () => {
    await t.upload('uploads/c.txt', Buffer.from('one'), 'text/plain');
    await t.upload('uploads/c.txt', Buffer.from('three'), 'text/plain');
    await t.idle();

    const finalized = await recorded(t, 'onObjectFinalized');
    expect(finalized.map((d) => d.summary.size).sort()).toEqual([3, 5]);
  });

  it('deliver nothing for another bucket', async () => {
    const other = t.bucket.storage.bucket(`other-${t.projectId}`);
    await other.create();
    await other.file('x.txt').save(Buffer.from('x'), { resumable: false });
    await t.idle();

    expect(await recorded(t, 'onObjectFinalized')).toEqual([]);
  });
});
