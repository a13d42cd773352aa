// Rate limits under parallel attack: each limit is counted in the transaction that does the work (or
// before it), so 50 and more concurrent calls from one account pass exactly the limit, no more.
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AcceptInviteResponseSchema, CreateInviteResponseSchema } from '@gadget/shared';
import {
  startProductCloud,
  TEST_CLAIM_CODE_SECRET,
  sharedCloud,
} from '../helpers/product-cloud.ts';
import {
  claimedDevice,
  count,
  deviceDoc,
  provisionDevice,
  registryDoc,
} from '../helpers/devices.ts';
import { writesDuring } from '../helpers/writes.ts';

const cloud = sharedCloud(() => startProductCloud());

type Settled = PromiseSettledResult<unknown>;

/** Each distinct answer (`code: message`, or `ok`) and how many calls got it. */
function tally(results: readonly Settled[]): Record<string, number> {
  const answers: Record<string, number> = {};
  for (const result of results) {
    const key =
      result.status === 'fulfilled'
        ? 'ok'
        : `${(result.reason as { code: string }).code}: ${(result.reason as Error).message}`;
    answers[key] = (answers[key] ?? 0) + 1;
  }
  return answers;
}

const parallel = (n: number, call: (i: number) => Promise<unknown>) =>
  Promise.allSettled(Array.from({ length: n }, (_, i) => call(i)));

const INVITE_REFUSED =
  'not-found: This invite code is not valid: it may be mistyped, expired or already used. Ask for a new one.';
const CLAIM_REFUSED =
  'not-found: No gadget matches this serial and claim code, or it is locked for 15 minutes after ' +
  'too many wrong codes. Check the label and try again later.';

describe('finding 4: limits counted with the work, under 50+ parallel calls', () => {
  it('acceptInvite: of 60 parallel wrong codes, exactly 20 are tried', async () => {
    const { deviceId } = await claimedDevice(cloud, 'alice');
    const before = await deviceDoc(cloud, deviceId);
    const results = await parallel(60, (i) =>
      cloud.call('acceptInvite', { code: `WRONG${String(1000 + i)}` }, { uid: 'mallory' }),
    );
    expect(tally(results)).toEqual({
      [INVITE_REFUSED]: 20,
      'resource-exhausted: Too many invalid invite codes. Try again later.': 40,
    });
    expect(await deviceDoc(cloud, deviceId)).toEqual(before);
  });

  it('claimDevice: of 60 parallel wrong claims, exactly 20 are tried', async () => {
    const { serial } = await provisionDevice(cloud);
    const results = await parallel(60, (i) =>
      cloud.call(
        'claimDevice',
        { serial: i === 0 ? serial : `GDG-${String(900_000 + i)}`, claimCode: 'ABCD-EFGH-JKMN' },
        { uid: 'mallory' },
      ),
    );
    expect(tally(results)).toEqual({
      [CLAIM_REFUSED]: 20,
      'resource-exhausted: Too many failed claims. Try again later.': 40,
    });
    expect(await count(cloud, 'devices')).toBe(0);
    expect(await registryDoc(cloud, serial)).toMatchObject({ claimedBy: null, deviceId: null });
  });

  it('createInvite: of 50 parallel invites, the 30 an hour allows are created', async () => {
    const { deviceId } = await claimedDevice(cloud, 'alice');
    const results = await parallel(50, () =>
      cloud.call('createInvite', { deviceId, role: 'viewer' }, { uid: 'alice' }),
    );
    expect(tally(results)).toEqual({
      ok: 30,
      'resource-exhausted: Too many invites created. Try again later.': 20,
    });
    expect(await count(cloud, 'invites')).toBe(30);
  });

  it('rotateDeviceKey: of 50 parallel rotations, the 10 an hour allows happen', async () => {
    const { deviceId } = await claimedDevice(cloud, 'alice');
    const results = await parallel(50, () =>
      cloud.call('rotateDeviceKey', { deviceId }, { uid: 'alice' }),
    );
    expect(tally(results)).toEqual({
      ok: 10,
      'resource-exhausted: Too many key rotations. Try again later.': 40,
    });
  });

  it('sendTestNotification: of 50 parallel calls, 5 push; the others push and write nothing', async () => {
    await cloud.call(
      'registerPushToken',
      { token: 'phone-token-0123456789', platform: 'android' },
      { uid: 'alice' },
    );
    cloud.outbox.clear();
    let results: Settled[] = [];
    const writes = await writesDuring(cloud, async () => {
      results = await parallel(50, () => cloud.call('sendTestNotification', {}, { uid: 'alice' }));
    });
    expect(tally(results)).toEqual({
      ok: 5,
      'resource-exhausted: Too many test notifications. Try again in a minute.': 45,
    });
    expect(cloud.outbox.delivered()).toHaveLength(5);
    // The two windows, written by each of the 5 that passed.
    expect(writes).toBe(10);
  });
});

describe('finding 5: invite codes of 60 bits, stored as a keyed hash', () => {
  it('is 12 Crockford characters, grouped; no document is named by its plain SHA-256', async () => {
    const { deviceId } = await claimedDevice(cloud, 'alice');
    const { code } = CreateInviteResponseSchema.parse(
      await cloud.call('createInvite', { deviceId, role: 'viewer' }, { uid: 'alice' }),
    );
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    const plain = createHash('sha256').update(code.replaceAll('-', '')).digest('hex');
    expect((await cloud.firestore.doc(`invites/${plain}`).get()).exists).toBe(false);
    const keyed = createHmac('sha256', TEST_CLAIM_CODE_SECRET)
      .update(`invite:${code.replaceAll('-', '')}`)
      .digest('hex');
    expect((await cloud.firestore.doc(`invites/${keyed}`).get()).exists).toBe(true);
    // Single use: of 50 people racing for it, one joins.
    const results = await parallel(50, (i) =>
      cloud.call('acceptInvite', { code }, { uid: `racer-${String(i)}` }),
    );
    expect(tally(results)).toEqual({ ok: 1, [INVITE_REFUSED]: 49 });
  });
});

describe('finding 11: nobody can lock a gadget’s serial for someone else', () => {
  it('50 parallel wrong codes lock the guesser only; the rightful claimant still claims', async () => {
    const { serial, code } = await provisionDevice(cloud);
    const results = await parallel(50, () =>
      cloud.call('claimDevice', { serial, claimCode: 'WRONG-CODE-00' }, { uid: 'mallory' }),
    );
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    // Mallory is refused even with the right code: locked on this serial (and over the hour's
    // failure limit by now).
    const refused = await cloud
      .call('claimDevice', { serial, claimCode: code }, { uid: 'mallory' })
      .then(
        () => 'ok',
        (error: unknown) => (error as { code: string }).code,
      );
    expect(['not-found', 'resource-exhausted']).toContain(refused);
    await expect(
      cloud.call('claimDevice', { serial, claimCode: code }, { uid: 'alice' }),
    ).resolves.toMatchObject({ created: true });
  });

  it('a viewer is not shown the serial', async () => {
    const { deviceId } = await claimedDevice(cloud, 'alice');
    const { code } = CreateInviteResponseSchema.parse(
      await cloud.call('createInvite', { deviceId, role: 'viewer' }, { uid: 'alice' }),
    );
    const joined = AcceptInviteResponseSchema.parse(
      await cloud.call('acceptInvite', { code }, { uid: 'bob' }),
    );
    expect(joined.device.serial).toBeNull();
  });
});
