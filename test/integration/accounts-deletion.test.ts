// The account deletion cascade: deleteAccount and onUserDeleted, everything of the user's gone from
// Firestore and Storage, other users untouched, resumable after failures, and a deleted account never
// brought back by late or reordered sign-up events.
import { status } from '@grpc/grpc-js';
import { Timestamp } from 'firebase-admin/firestore';
import { describe, expect, it } from 'vitest';
import { AccountDeletionSchema, DeleteAccountResponseSchema } from '@gadget/shared';
import { startProductCloud, sharedCloud } from '../helpers/product-cloud.ts';
import {
  allDocumentPaths,
  objectNames,
  seedAlert,
  seedDevice,
  seedInboxEntry,
  seedInvite,
  seedObject,
  seedProfile,
  seedPushToken,
  seedReading,
  seedSchedule,
} from './accounts-fixtures.ts';

const cloud = sharedCloud(() => startProductCloud());

const VICTIM = 'uid1';
/** Shares a prefix with the victim's uid: nothing of theirs may go. */
const NEIGHBOUR = 'uid10';
const USER_PREFIXES = ['uploads/users/', 'images/users/', 'exports/users/'];

/**
 * The victim has everything: profile, push tokens, inbox; dev-a (owned, admin alice, viewer carol,
 * readings), dev-b (owned, viewer carol only, readings, photos), a membership in bob's dev-c,
 * invites, schedules and files under all three prefixes. The neighbour and bob have their own.
 */
async function seedEverything(): Promise<void> {
  const db = cloud.firestore;
  for (const uid of [VICTIM, NEIGHBOUR, 'alice', 'bob', 'carol']) await seedProfile(db, uid);
  await seedPushToken(db, VICTIM, 't1', 'ios');
  await seedPushToken(db, VICTIM, 't2', 'android');
  await seedInboxEntry(db, VICTIM, 'n1');
  await seedInboxEntry(db, VICTIM, 'n2');
  await seedPushToken(db, NEIGHBOUR, 't3', 'web');
  await seedInboxEntry(db, NEIGHBOUR, 'n3');

  await seedDevice(db, 'dev-a', VICTIM, { carol: 'viewer', alice: 'admin' });
  await seedReading(db, 'dev-a', 'r1', 1);
  await seedReading(db, 'dev-a', 'r2', 2);
  await seedAlert(db, 'dev-a', 'al1');
  await seedDevice(db, 'dev-b', VICTIM, { carol: 'viewer' });
  await seedReading(db, 'dev-b', 'r1', 1);
  await seedAlert(db, 'dev-b', 'al1');
  await seedObject(cloud, 'images/devices/dev-b/photos/p1/320.webp');
  await seedDevice(db, 'dev-c', 'bob', { [VICTIM]: 'admin', carol: 'viewer' });
  await seedReading(db, 'dev-c', 'r1', 1);
  await seedDevice(db, 'dev-d', NEIGHBOUR);
  await seedReading(db, 'dev-d', 'r1', 1);

  await seedInvite(db, 'inv-a', 'dev-a', VICTIM);
  await seedInvite(db, 'inv-c', 'dev-c', VICTIM);
  await seedInvite(db, 'inv-bob', 'dev-c', 'bob');
  await seedInvite(db, 'inv-neighbour', 'dev-d', NEIGHBOUR);
  await seedSchedule(db, 's1', VICTIM, 'dev-a');
  await seedSchedule(db, 's2', VICTIM, 'dev-c');
  await seedSchedule(db, 's3', NEIGHBOUR, 'dev-d');

  for (const uid of [VICTIM, NEIGHBOUR]) {
    // Not under avatar/: the image pipeline would process (and delete) an avatar upload, and this
    // is about whose prefix an object is under, not about the pipeline.
    await seedObject(cloud, `uploads/users/${uid}/pending/original.jpg`);
    await seedObject(cloud, `images/users/${uid}/avatar/128.webp`);
    await seedObject(cloud, `images/users/${uid}/avatar/512.webp`);
    await seedObject(cloud, `exports/users/${uid}/old.json`);
  }
  // The seeded alerts and devices fire the notification triggers; let them finish before a test
  // counts commits or injects faults.
  await cloud.idle();
}

/** Every document outside the victim's own, with its data, for "untouched" comparisons. */
async function snapshotOf(paths: string[]): Promise<Record<string, unknown>> {
  const entries = await Promise.all(
    paths.map(async (path) => [path, (await cloud.firestore.doc(path).get()).data()] as const),
  );
  return Object.fromEntries(entries);
}

const mentionsVictim = (text: string) => new RegExp(`\\b${VICTIM}\\b`).test(text);

/** Asserts nothing of the victim's remains and everyone else's data is as expected. */
async function expectVictimGone(othersBefore: Record<string, unknown>): Promise<void> {
  const paths = await allDocumentPaths(cloud.firestore);
  const remaining = await snapshotOf(paths);
  const leftovers = Object.entries(remaining).filter(
    ([path, data]) =>
      path !== `accountDeletions/${VICTIM}` && mentionsVictim(`${path} ${JSON.stringify(data)}`),
  );
  expect(leftovers).toEqual([]);

  for (const prefix of USER_PREFIXES) {
    expect(await objectNames(cloud, `${prefix}${VICTIM}/`)).toEqual([]);
  }
  expect(await objectNames(cloud, 'images/devices/dev-b/')).toEqual([]);
  // The neighbour's files and documents are all still there.
  expect(await objectNames(cloud, 'uploads/users/')).toEqual([
    `uploads/users/${NEIGHBOUR}/pending/original.jpg`,
  ]);
  expect(await objectNames(cloud, 'images/users/')).toHaveLength(2);
  expect(await objectNames(cloud, 'exports/users/')).toEqual([
    `exports/users/${NEIGHBOUR}/old.json`,
  ]);
  for (const [path, data] of Object.entries(othersBefore)) {
    expect({ path, data: remaining[path] }).toEqual({ path, data });
  }

  // dev-a went to its admin, who now owns it with its readings; the victim is no member anywhere.
  const devA = (await cloud.firestore.doc('devices/dev-a').get()).data();
  expect(devA).toMatchObject({
    ownerUid: 'alice',
    members: { alice: 'owner', carol: 'viewer' },
  });
  expect(devA?.memberUids).toEqual(expect.arrayContaining(['alice', 'carol']));
  expect(devA?.memberUids).toHaveLength(2);
  expect(paths.filter((path) => path.startsWith('devices/dev-a/hours/'))).toHaveLength(2);
  // dev-b had no admin: released, readings and alerts gone, its viewer told.
  expect(paths.filter((path) => path.startsWith('devices/dev-b'))).toEqual([]);
  expect(paths).toContain('users/carol/notifications/device-released-dev-b');
  // bob's device keeps bob and carol.
  const devC = (await cloud.firestore.doc('devices/dev-c').get()).data();
  expect(devC).toMatchObject({ ownerUid: 'bob', members: { bob: 'owner', carol: 'viewer' } });
  expect(paths).toContain('invites/inv-bob');
  expect(paths).toContain('invites/inv-neighbour');
  expect(paths).toContain('schedules/s3');

  const record = AccountDeletionSchema.parse(
    toDates((await cloud.firestore.doc(`accountDeletions/${VICTIM}`).get()).data()),
  );
  expect(record.finishedAt).not.toBeNull();
}

/** The documents the cascade must not touch at all: the neighbour's, bob's, and dev-d. */
async function untouchedDocuments(): Promise<Record<string, unknown>> {
  const paths = (await allDocumentPaths(cloud.firestore)).filter(
    (path) =>
      path.startsWith(`users/${NEIGHBOUR}`) ||
      path.startsWith('users/bob') ||
      path.startsWith('users/alice') ||
      path.startsWith('devices/dev-d') ||
      path.startsWith('devices/dev-c/') ||
      ['invites/inv-bob', 'invites/inv-neighbour', 'schedules/s3'].includes(path),
  );
  expect(paths.length).toBeGreaterThan(8);
  return snapshotOf(paths);
}

function toDates(data: unknown): unknown {
  if (data !== null && typeof data === 'object') {
    if (data instanceof Timestamp) return data.toDate();
    return Object.fromEntries(Object.entries(data).map(([key, value]) => [key, toDates(value)]));
  }
  return data;
}

async function createAuthUser(uid: string): Promise<void> {
  await cloud.auth.createUser({ uid, email: `${uid}@gadget.test` });
  await cloud.idle();
}

describe('deleteAccount', () => {
  it('deletes everything of the caller’s, hands over or releases their devices, then the sign-in', async () => {
    await createAuthUser(VICTIM);
    await seedEverything();
    const before = await untouchedDocuments();

    const response = DeleteAccountResponseSchema.parse(
      await cloud.call('deleteAccount', {}, { uid: VICTIM }),
    );
    expect(response).toEqual({ deleted: true });
    // Answered only after the data was gone: checked before any trigger can have run.
    await expectVictimGone(before);
    await expect(cloud.auth.getUser(VICTIM)).rejects.toMatchObject({ code: 'auth/user-not-found' });

    // The auth deletion fires onUserDeleted, which finds the finished record and does nothing.
    const recordBefore = (await cloud.firestore.doc(`accountDeletions/${VICTIM}`).get()).data();
    await cloud.idle();
    const deleted = cloud.cloud.deliveries.filter((d) => d.functionName === 'onUserDeleted');
    expect(deleted.map((d) => d.outcome)).toEqual(['delivered']);
    expect((await cloud.firestore.doc(`accountDeletions/${VICTIM}`).get()).data()).toEqual(
      recordBefore,
    );
    await expectVictimGone(before);
  });

  it('is harmless to call again, and a deleted account’s ensureProfile creates nothing', async () => {
    await createAuthUser(VICTIM);
    await seedEverything();
    const before = await untouchedDocuments();
    await cloud.call('deleteAccount', {}, { uid: VICTIM });
    await cloud.idle();
    // The app may still hold a valid ID token for a while.
    await expect(cloud.call('deleteAccount', {}, { uid: VICTIM })).resolves.toEqual({
      deleted: true,
    });
    await expect(cloud.call('ensureProfile', {}, { uid: VICTIM })).rejects.toMatchObject({
      code: 'unauthenticated',
    });
    await cloud.idle();
    await expectVictimGone(before);
  });

  it.each([
    ['unauthenticated', { uid: undefined }, {}, 'unauthenticated'],
    ['malformed: not an object', { uid: VICTIM }, 'yes', 'invalid-argument'],
    ['malformed: unknown field', { uid: VICTIM }, { uid: 'bob' }, 'invalid-argument'],
    ['oversized', { uid: VICTIM }, { confirm: 'x'.repeat(100_000) }, 'invalid-argument'],
  ])('refuses a request %s and deletes nothing', async (_case, options, data, code) => {
    await createAuthUser(VICTIM);
    await seedEverything();
    const paths = await allDocumentPaths(cloud.firestore);
    const objects = await objectNames(cloud);
    cloud.resetOps();
    await expect(cloud.call('deleteAccount', data, options)).rejects.toMatchObject({ code });
    expect(cloud.ops()).toMatchObject({ writes: 0, deletes: 0 });
    expect(await allDocumentPaths(cloud.firestore)).toEqual(paths);
    expect(await objectNames(cloud)).toEqual(objects);
    await expect(cloud.auth.getUser(VICTIM)).resolves.toMatchObject({ uid: VICTIM });
  });

  it('deletes only the caller: another user’s call leaves the victim whole', async () => {
    await createAuthUser(VICTIM);
    await createAuthUser('bob');
    await seedEverything();
    await cloud.call('deleteAccount', {}, { uid: 'bob' });
    await cloud.idle();
    expect((await cloud.firestore.doc(`users/${VICTIM}`).get()).exists).toBe(true);
    expect(await objectNames(cloud, `images/users/${VICTIM}/`)).toHaveLength(2);
    // bob's device had the victim as admin: it is now the victim's.
    expect((await cloud.firestore.doc('devices/dev-c').get()).get('ownerUid')).toBe(VICTIM);
  });

  it('fails part-way on an injected error, and the retry resumes and finishes', async () => {
    await createAuthUser(VICTIM);
    await seedEverything();
    const before = await untouchedDocuments();
    // The 9th commit (after the record, the devices' hand-over, removal and release, the release
    // notice's inbox entries and their push state, and the first step recorded) fails. Transactions' commits are retried by the SDK itself; this one is not.
    // Events are held back meanwhile, so the triggers the cascade causes (member-left
    // notifications) cannot take the injected failure in its place.
    cloud.cloud.configureDelivery({ delayMs: 1_500 });
    cloud.cloud.firestoreServer.failNext('Commit', status.INTERNAL, 1, 8);
    await expect(cloud.call('deleteAccount', {}, { uid: VICTIM })).rejects.toMatchObject({
      code: 'internal',
    });
    const partial = toDates(
      (await cloud.firestore.doc(`accountDeletions/${VICTIM}`).get()).data(),
    ) as { finishedAt: unknown; steps: Record<string, unknown> };
    expect(partial.finishedAt).toBeNull();
    expect(Object.keys(partial.steps).length).toBeGreaterThan(0);
    expect(Object.keys(partial.steps).length).toBeLessThan(6);
    await expect(cloud.auth.getUser(VICTIM)).resolves.toMatchObject({ uid: VICTIM });

    await expect(cloud.call('deleteAccount', {}, { uid: VICTIM })).resolves.toEqual({
      deleted: true,
    });
    await cloud.idle();
    await expectVictimGone(before);
    // The retry resumed: the steps done before the failure were not run (nor recorded) again.
    const finished = toDates(
      (await cloud.firestore.doc(`accountDeletions/${VICTIM}`).get()).data(),
    ) as { steps: Record<string, unknown> };
    for (const [step, doneAt] of Object.entries(partial.steps)) {
      expect(finished.steps[step]).toEqual(doneAt);
    }
  });
});

describe('onUserDeleted', () => {
  it('runs the cascade for an account deleted elsewhere (console, Admin SDK)', async () => {
    await createAuthUser(VICTIM);
    await seedEverything();
    const before = await untouchedDocuments();
    await cloud.auth.deleteUser(VICTIM);
    await cloud.idle();
    await expectVictimGone(before);
  });

  it('is retried after a failure part-way and finishes', async () => {
    await createAuthUser(VICTIM);
    await seedEverything();
    const before = await untouchedDocuments();
    // Events are held back meanwhile, so the triggers the cascade causes (member-left
    // notifications) cannot take the injected failure in its place.
    cloud.cloud.configureDelivery({ delayMs: 1_500 });
    cloud.cloud.firestoreServer.failNext('Commit', status.INTERNAL, 1, 6);
    await cloud.auth.deleteUser(VICTIM);
    await cloud.idle();
    const outcomes = cloud.cloud.deliveries
      .filter((d) => d.functionName === 'onUserDeleted')
      .map((d) => d.outcome);
    expect(outcomes).toEqual(['failed-will-retry', 'delivered']);
    await expectVictimGone(before);
  });

  it('delivered twice: both deliveries succeed and the end state is the same', async () => {
    await createAuthUser(VICTIM);
    await seedEverything();
    const before = await untouchedDocuments();
    cloud.cloud.configureDelivery({ deliverTwice: true });
    await cloud.auth.deleteUser(VICTIM);
    await cloud.idle();
    const deliveries = cloud.cloud.deliveries.filter((d) => d.functionName === 'onUserDeleted');
    expect(deliveries.map((d) => d.outcome)).toEqual(['delivered', 'delivered']);
    expect(deliveries[0]?.eventId).toBe(deliveries[1]?.eventId);
    await expectVictimGone(before);
  });

  it('before a late onUserCreated (reverse order): the profile is not resurrected', async () => {
    // Held events are released newest first and then run side by side, so which of the two reaches
    // Firestore first varies: every interleaving must end without a profile.
    cloud.cloud.configureDelivery({ reverseOrder: true });
    for (let round = 0; round < 3; round++) {
      const { uid } = await cloud.signUp({ displayName: 'Gone Soon' });
      await cloud.auth.deleteUser(uid);
      await cloud.idle();
      expect((await cloud.firestore.doc(`users/${uid}`).get()).exists).toBe(false);
      const record = await cloud.firestore.doc(`accountDeletions/${uid}`).get();
      expect(record.get('finishedAt')).not.toBeNull();
    }
    const delivered = cloud.cloud.deliveries.filter((d) => d.outcome === 'delivered');
    expect(delivered.map((d) => d.functionName).sort()).toEqual([
      ...Array<string>(3).fill('onUserCreated'),
      ...Array<string>(3).fill('onUserDeleted'),
    ]);
    expect(cloud.cloud.deliveries.every((d) => d.outcome === 'delivered')).toBe(true);
  });

  it('ensureProfile after the deletion (a late call, a still valid token) creates nothing', async () => {
    const { uid } = await cloud.signUp();
    await cloud.idle();
    await cloud.call('deleteAccount', {}, { uid });
    await cloud.idle();
    // What a late onUserCreated or an app with a still valid token does: ensureProfile is refused.
    await expect(cloud.call('ensureProfile', { locale: 'en' }, { uid })).rejects.toMatchObject({
      code: 'unauthenticated',
    });
    expect((await cloud.firestore.doc(`users/${uid}`).get()).exists).toBe(false);
  });

  it('created and deleted, both delivered twice: one cascade, no profile left', async () => {
    cloud.cloud.configureDelivery({ deliverTwice: true });
    const { uid } = await cloud.signUp();
    await cloud.idle();
    expect((await cloud.firestore.doc(`users/${uid}`).get()).exists).toBe(true);
    await cloud.auth.deleteUser(uid);
    await cloud.idle();
    expect((await cloud.firestore.doc(`users/${uid}`).get()).exists).toBe(false);
    expect(cloud.cloud.deliveries.every((d) => d.outcome === 'delivered')).toBe(true);
  });

  it('a uid reused for a new account (Admin SDK) gets a fresh profile', async () => {
    await createAuthUser('reused');
    await cloud.auth.deleteUser('reused');
    await cloud.idle();
    expect((await cloud.firestore.doc('users/reused').get()).exists).toBe(false);
    // Auth reports creation times to the second: the new account must be from a later second.
    const finishedAt = (await cloud.firestore.doc('accountDeletions/reused').get()).get(
      'finishedAt',
    ) as { toMillis(): number };
    const nextSecond = Math.ceil((finishedAt.toMillis() + 1) / 1000) * 1000;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, nextSecond - Date.now())));
    await createAuthUser('reused');
    expect((await cloud.firestore.doc('users/reused').get()).exists).toBe(true);
    expect((await cloud.firestore.doc('accountDeletions/reused').get()).exists).toBe(false);
  });
});
