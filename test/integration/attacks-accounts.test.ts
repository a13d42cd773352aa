// A deleted account's ID token stays valid for up to an hour: every callable must refuse it and
// write nothing, and a call racing the deletion must not leave data behind.
import { describe, expect, it } from 'vitest';
import { CALLABLES } from '@gadget/shared';
import { startProductCloud, sharedCloud } from '../helpers/product-cloud.ts';
import { refusal } from '../helpers/devices.ts';
import { writesDuring } from '../helpers/writes.ts';

const cloud = sharedCloud(() => startProductCloud());

const DELETED = {
  code: 'unauthenticated',
  message: 'This account has been deleted. Sign in again.',
};

async function userData(uid: string): Promise<string[]> {
  const profile = cloud.firestore.doc(`users/${uid}`);
  const paths = (await profile.get()).exists ? [profile.path] : [];
  for (const sub of await profile.listCollections()) {
    for (const doc of await sub.listDocuments()) paths.push(doc.path);
  }
  const owned = await cloud.firestore
    .collection('devices')
    .where('memberUids', 'array-contains', uid)
    .get();
  const schedules = await cloud.firestore
    .collection('schedules')
    .where('ownerUid', '==', uid)
    .get();
  return [...paths, ...owned.docs.map((d) => d.ref.path), ...schedules.docs.map((d) => d.ref.path)];
}

/**
 * Callables that read the tombstone with their own data parse the request first, so they get one
 * that parses (a malformed one is `invalid-argument`, deleted account or not).
 */
const CHECKED_IN_HANDLER: Readonly<Record<string, unknown>> = {
  submitReadings: {
    deviceId: 'any-device',
    readings: [{ id: 'r1', ts: new Date().toISOString(), values: { temperature: 20 } }],
  },
};

describe('finding 6: a deleted account’s token works nowhere', () => {
  it('every callable but deleteAccount refuses it with unauthenticated and writes nothing', async () => {
    const { uid } = await cloud.signUp();
    await cloud.idle();
    await cloud.call('deleteAccount', {}, { uid });
    await cloud.idle();
    const names = Object.keys(CALLABLES).filter((name) => name !== 'deleteAccount');
    const writes = await writesDuring(cloud, async () => {
      for (const name of names) {
        const data = CHECKED_IN_HANDLER[name] ?? {};
        expect({ name, ...(await refusal(cloud.call(name, data, { uid }))) }).toEqual({
          name,
          ...DELETED,
        });
      }
      const parallel = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          refusal(
            cloud.call(
              'registerPushToken',
              { token: `revived-token-${String(i).padStart(4, '0')}`, platform: 'ios' },
              { uid },
            ),
          ),
        ),
      );
      expect(parallel.every((r) => r.code === DELETED.code && r.message === DELETED.message)).toBe(
        true,
      );
      await cloud.idle();
    });
    expect(writes).toBe(0);
    expect(await userData(uid)).toEqual([]);
  });

  /** deleteAccount with 50 calls of the user's in parallel: the codes the calls answered. */
  async function raceDeletion(uid: string, call: (i: number) => Promise<unknown>) {
    const racing = Array.from({ length: 50 }, (_, i) =>
      call(i).then(
        () => 'ok',
        (error: unknown) => (error as { code: string }).code,
      ),
    );
    const [deleted, ...answers] = await Promise.all([
      cloud.call('deleteAccount', {}, { uid }),
      ...racing,
    ]);
    expect(deleted).toEqual({ deleted: true });
    await cloud.idle();
    return new Set(answers);
  }

  it('calls racing the deletion leave nothing behind: 50 writes in parallel with deleteAccount', async () => {
    const { uid } = await cloud.signUp();
    await cloud.idle();
    const answers = await raceDeletion(uid, (i) =>
      cloud.call(
        i % 2 === 0 ? 'registerPushToken' : 'updateProfile',
        i % 2 === 0
          ? { token: `racing-token-${String(i).padStart(4, '0')}`, platform: 'android' }
          : { displayName: `Racer ${String(i)}` },
        { uid },
      ),
    );
    expect([...answers].every((a) => ['ok', 'unauthenticated', 'not-found'].includes(a))).toBe(
      true,
    );
    expect(await userData(uid)).toEqual([]);
  });

  it('50 ensureProfile calls racing the deletion leave no profile behind', async () => {
    const { uid } = await cloud.signUp();
    await cloud.idle();
    const answers = await raceDeletion(uid, (i) =>
      cloud.call('ensureProfile', i % 2 === 0 ? { locale: 'de', timeZone: 'Europe/Berlin' } : {}, {
        uid,
      }),
    );
    expect([...answers].every((a) => ['ok', 'unauthenticated'].includes(a))).toBe(true);
    expect(await userData(uid)).toEqual([]);
    await expect(cloud.call('ensureProfile', {}, { uid })).rejects.toMatchObject(DELETED);
  });
});
