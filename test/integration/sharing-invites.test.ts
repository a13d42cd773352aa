// createInvite and acceptInvite: single-use hashed codes, one indistinguishable refusal, races.
import { describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { AcceptInviteResponseSchema, CreateInviteResponseSchema } from '@gadget/shared';
import {
  startProductCloud,
  TEST_CLAIM_CODE_SECRET,
  sharedCloud,
} from '../helpers/product-cloud.ts';
import { addMember, claimedDevice, count, deviceDoc, refusal } from '../helpers/devices.ts';
import { writesDuring } from '../helpers/writes.ts';

const cloud = sharedCloud(() => startProductCloud());

async function invite(deviceId: string, role: 'admin' | 'viewer', uid = 'alice') {
  return CreateInviteResponseSchema.parse(
    await cloud.call('createInvite', { deviceId, role }, { uid }),
  );
}
/** The invite's document id: the HMAC of the code, keyed with the functions' secret. */
const storedId = (code: string) =>
  createHmac('sha256', TEST_CLAIM_CODE_SECRET)
    .update(`invite:${code.replaceAll('-', '')}`)
    .digest('hex');
const accept = (code: unknown, uid?: string) =>
  cloud.call('acceptInvite', { code }, uid === undefined ? {} : { uid });

describe('createInvite', () => {
  it('returns a 12-character code valid for 72 h and stores only its keyed hash', async () => {
    const { deviceId } = await claimedDevice(cloud, 'alice');
    const { code, expiresAt } = await invite(deviceId, 'admin');
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    const hoursLeft = (Date.parse(expiresAt) - Date.now()) / 3_600_000;
    expect(hoursLeft).toBeGreaterThan(71.9);
    expect(hoursLeft).toBeLessThanOrEqual(72);
    const id = storedId(code);
    const stored = (await cloud.firestore.doc(`invites/${id}`).get()).data();
    expect(stored).toMatchObject({ deviceId, role: 'admin', createdBy: 'alice', usedBy: null });
    expect(JSON.stringify(stored)).not.toContain(code.replaceAll('-', ''));
  });

  it('lets an admin invite viewers', async () => {
    const { deviceId } = await claimedDevice(cloud, 'alice');
    await addMember(cloud, deviceId, 'alice', 'bob', 'admin');
    await expect(invite(deviceId, 'viewer', 'bob')).resolves.toBeDefined();
  });

  it.each([
    ['an admin inviting an admin', 'bob', 'admin', 'permission-denied'],
    ['a viewer', 'carol', 'viewer', 'permission-denied'],
    ['a stranger', 'mallory', 'viewer', 'not-found'],
    ['anonymous', undefined, 'viewer', 'unauthenticated'],
  ])('refuses %s and stores nothing', async (_who, uid, role, code) => {
    const { deviceId } = await claimedDevice(cloud, 'alice');
    await addMember(cloud, deviceId, 'alice', 'bob', 'admin');
    await addMember(cloud, deviceId, 'alice', 'carol', 'viewer');
    const invites = await count(cloud, 'invites');
    const writes = await writesDuring(cloud, () =>
      expect(
        cloud.call('createInvite', { deviceId, role }, uid === undefined ? {} : { uid }),
      ).rejects.toMatchObject({ code }),
    );
    expect(writes).toBe(0);
    expect(await count(cloud, 'invites')).toBe(invites);
  });

  it.each([
    ['owner role', { role: 'owner' }],
    ['unknown field', { role: 'viewer', expiresInHours: 1000 }],
    ['missing role', {}],
    ['oversized id', { role: 'viewer', deviceId: 'x'.repeat(5000) }],
  ])('refuses a malformed request (%s)', async (_case, extra) => {
    const { deviceId } = await claimedDevice(cloud, 'alice');
    const writes = await writesDuring(cloud, () =>
      expect(
        cloud.call('createInvite', { deviceId, ...extra }, { uid: 'alice' }),
      ).rejects.toMatchObject({ code: 'invalid-argument' }),
    );
    expect(writes).toBe(0);
  });
});

describe('acceptInvite', () => {
  it('adds the caller with the role, keeping members and memberUids in step', async () => {
    const { deviceId } = await claimedDevice(cloud, 'alice');
    const { code } = await invite(deviceId, 'viewer');
    const response = AcceptInviteResponseSchema.parse(
      await accept(code.toLowerCase().replaceAll('-', ' '), 'bob'),
    );
    expect(response).toMatchObject({ deviceId, role: 'viewer' });
    expect(response.device).toMatchObject({
      role: 'viewer',
      members: { alice: 'owner', bob: 'viewer' },
    });
    const stored = await deviceDoc(cloud, deviceId);
    expect(stored).toMatchObject({ members: { alice: 'owner', bob: 'viewer' } });
    expect([...(stored?.memberUids as string[])].sort()).toEqual(['alice', 'bob']);
    expect(Object.keys(stored?.memberSince as object).sort()).toEqual(['alice', 'bob']);
  });

  it('is idempotent for the one who accepted', async () => {
    const { deviceId } = await claimedDevice(cloud, 'alice');
    const { code } = await invite(deviceId, 'admin');
    await accept(code, 'bob');
    const before = await deviceDoc(cloud, deviceId);
    const again = AcceptInviteResponseSchema.parse(await accept(code, 'bob'));
    expect(again).toMatchObject({ deviceId, role: 'admin' });
    expect(await deviceDoc(cloud, deviceId)).toEqual(before);
  });

  it('answers unknown, used, expired and own-device codes with one refusal', async () => {
    const { deviceId } = await claimedDevice(cloud, 'alice');
    const used = await invite(deviceId, 'viewer');
    await accept(used.code, 'bob');
    const expired = await invite(deviceId, 'viewer');
    const expiredId = storedId(expired.code);
    await cloud.firestore
      .doc(`invites/${expiredId}`)
      .update({ expiresAt: new Date(Date.now() - 1000) });
    const own = await invite(deviceId, 'viewer');

    const answers = [
      await refusal(accept('ZZZZ-ZZZZ', 'carol')),
      await refusal(accept(used.code, 'carol')),
      await refusal(accept(expired.code, 'carol')),
      await refusal(accept(own.code, 'alice')),
    ];
    expect(answers[0]?.code).toBe('not-found');
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    const stored = await deviceDoc(cloud, deviceId);
    expect(stored?.memberUids).toHaveLength(2);
    expect(stored?.members).not.toHaveProperty('carol');
  });

  it('lets exactly one of two people racing for one code join', async () => {
    const { deviceId } = await claimedDevice(cloud, 'alice');
    const { code } = await invite(deviceId, 'viewer');
    const results = await Promise.allSettled([accept(code, 'bob'), accept(code, 'carol')]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((result) => result.status === 'rejected');
    expect(lost?.reason).toMatchObject({ code: 'not-found' });
    const stored = await deviceDoc(cloud, deviceId);
    expect(stored?.memberUids).toHaveLength(2);
    expect(Object.keys(stored?.members as object)).toHaveLength(2);
  });

  it('refuses a user with resource-exhausted after 20 wrong codes in an hour', async () => {
    const { deviceId } = await claimedDevice(cloud, 'alice');
    const { code } = await invite(deviceId, 'viewer');
    for (let i = 0; i < 20; i++) {
      await expect(accept(`AAAA-${String(1000 + i)}`, 'mallory')).rejects.toMatchObject({
        code: 'not-found',
      });
    }
    await expect(accept(code, 'mallory')).rejects.toMatchObject({ code: 'resource-exhausted' });
    expect((await deviceDoc(cloud, deviceId))?.members).not.toHaveProperty('mallory');
  });

  it.each([
    ['unauthenticated', { code: 'AAAA-BBBB' }, undefined, 'unauthenticated'],
    ['not an object', 'AAAA-BBBB', 'bob', 'invalid-argument'],
    ['wrong type', { code: 12345678 }, 'bob', 'invalid-argument'],
    ['unknown field', { code: 'AAAA-BBBB', role: 'owner' }, 'bob', 'invalid-argument'],
    ['oversized', { code: 'A'.repeat(10_000) }, 'bob', 'invalid-argument'],
  ])('refuses a request %s and writes nothing', async (_case, data, uid, code) => {
    const writes = await writesDuring(cloud, () =>
      expect(
        cloud.call('acceptInvite', data, uid === undefined ? {} : { uid }),
      ).rejects.toMatchObject({ code }),
    );
    expect(writes).toBe(0);
  });
});
