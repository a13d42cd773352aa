// The official emulators' stand-in for op counters must see every kind of write, or a refusal
// test there would pass whatever the function wrote.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteApp, initializeApp } from 'firebase-admin/app';
import type { App } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import type { Firestore } from 'firebase-admin/firestore';
import { startFirestoreServer } from '@gadget/local-cloud';
import type { FirestoreServer } from '@gadget/local-cloud';
import { documentsChangedDuring } from './writes.ts';

let server: FirestoreServer;
let app: App;
let db: Firestore;

beforeAll(async () => {
  // No credentials locally: stop google-auth-library probing for a GCE metadata server.
  process.env.METADATA_SERVER_DETECTION ??= 'none';
  server = await startFirestoreServer({ strictIndexes: false });
  app = initializeApp({ projectId: 'demo-writes' }, 'writes-test');
  db = getFirestore(app);
  db.settings({ host: server.address, ssl: false });
  await db.doc('devices/a').set({ name: 'a' });
  await db.doc('devices/a/readings/r1').set({ v: 1 });
  await db.doc('users/u').set({ name: 'u' });
});

afterAll(async () => {
  await deleteApp(app);
  await server.stop();
});

describe('documentsChangedDuring', () => {
  it('counts nothing when nothing is written', async () => {
    expect(await documentsChangedDuring(db, () => db.doc('devices/a').get())).toBe(0);
  });

  it('counts a create, an update in a subcollection and a delete', async () => {
    const changed = await documentsChangedDuring(db, async () => {
      await db.doc('invites/new').set({ code: 'x' });
      await db.doc('devices/a/readings/r1').update({ v: 2 });
      await db.doc('users/u').delete();
    });
    expect(changed).toBe(3);
  });

  it('does not see a rewrite that leaves the data as it was: Firestore keeps its update time', async () => {
    expect(await documentsChangedDuring(db, () => db.doc('devices/a').set({ name: 'a' }))).toBe(0);
  });
});
