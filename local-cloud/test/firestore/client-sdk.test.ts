// The official firebase JS SDK (its Node build, which speaks gRPC Listen and Write as the iOS and
// Android SDKs do) against the server: reads, listeners, local writes, transactions. Runs against
// the official emulator too (test:conformance:official).
import { deleteApp, initializeApp } from 'firebase/app';
import type { FirebaseApp } from 'firebase/app';
import {
  collection,
  collectionGroup,
  connectFirestoreEmulator,
  deleteDoc,
  doc,
  getDoc,
  getDocFromServer,
  getDocs,
  getFirestore,
  increment,
  limitToLast,
  onSnapshot,
  or,
  orderBy,
  query,
  runTransaction,
  serverTimestamp,
  setDoc,
  startAfter,
  terminate,
  updateDoc,
  where,
  writeBatch,
} from 'firebase/firestore';
import type {
  DocumentSnapshot,
  Firestore,
  Query,
  QuerySnapshot,
  Timestamp,
} from 'firebase/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchSnapshots } from '../../src/firestore/index.ts';
import { openBackend } from './backend.ts';
import type { Backend } from './backend.ts';

let backend: Backend;
let app: FirebaseApp;
let db: Firestore;

beforeAll(async () => {
  backend = await openBackend('client-sdk');
  const address = process.env.FIRESTORE_EMULATOR_HOST ?? '';
  const colon = address.lastIndexOf(':');
  app = initializeApp({ projectId: backend.projectId, apiKey: 'demo-key' }, 'client-sdk');
  db = getFirestore(app);
  connectFirestoreEmulator(db, address.slice(0, colon), Number(address.slice(colon + 1)));
});

afterAll(async () => {
  await terminate(db);
  await deleteApp(app);
  await backend.close();
});

/** Watches a query with metadata changes, so a snapshot's move off the cache is seen too. */
const watchQuery = (q: Query) =>
  watchSnapshots<QuerySnapshot>((onNext) =>
    onSnapshot(q, { includeMetadataChanges: true }, onNext),
  );

const idsOf = (s: QuerySnapshot): string[] => s.docs.map((d) => d.id);

describe('firebase JS SDK (gRPC): reads', () => {
  it('gets a document and a query from the server', async () => {
    await backend.db.doc('profiles/ann').set({ name: 'Ann' });
    await backend.db.doc('gadgets/g1').set({ memberUids: ['ann'], name: 'one' });
    await backend.db.doc('gadgets/g2').set({ memberUids: ['bob'], name: 'two' });
    const snap = await getDocFromServer(doc(db, 'profiles/ann'));
    expect(snap.data()).toEqual({ name: 'Ann' });
    expect(snap.metadata.fromCache).toBe(false);
    const own = await getDocs(
      query(collection(db, 'gadgets'), where('memberUids', 'array-contains', 'ann')),
    );
    expect(idsOf(own)).toEqual(['g1']);
    expect(own.metadata.fromCache).toBe(false);
    expect((await getDoc(doc(db, 'profiles/nobody'))).exists()).toBe(false);
  });

  it('serves OR, in, cursors and collection groups', async () => {
    const batch = backend.db.batch();
    for (const [id, n] of [
      ['a', 1],
      ['b', 2],
      ['c', 3],
      ['d', 4],
    ] as const)
      batch.set(backend.db.doc(`nums/${id}`), { n, tag: id === 'd' ? 'x' : 'y' });
    batch.set(backend.db.doc('nums/a/parts/p1'), { n: 1 });
    batch.set(backend.db.doc('other/z/parts/p2'), { n: 2 });
    await batch.commit();
    const nums = collection(db, 'nums');
    expect(
      idsOf(await getDocs(query(nums, or(where('n', '==', 1), where('tag', '==', 'x'))))),
    ).toEqual(['a', 'd']);
    expect(idsOf(await getDocs(query(nums, where('n', 'in', [2, 3]))))).toEqual(['b', 'c']);
    expect(idsOf(await getDocs(query(nums, orderBy('n'), startAfter(2))))).toEqual(['c', 'd']);
    expect(idsOf(await getDocs(query(nums, orderBy('n'), limitToLast(2))))).toEqual(['c', 'd']);
    expect(idsOf(await getDocs(collectionGroup(db, 'parts'))).sort()).toEqual(['p1', 'p2']);
  });
});

describe('firebase JS SDK (gRPC): listeners', () => {
  it('sees documents added, modified and removed as server commits change them', async () => {
    await backend.db.doc('own/d1').set({ memberUids: ['ann'], name: 'one' });
    const l = watchQuery(
      query(collection(db, 'own'), where('memberUids', 'array-contains', 'ann')),
    );
    try {
      expect(idsOf(await l.next((s) => s.size === 1, 'd1 alone'))).toEqual(['d1']);
      await backend.db.doc('own/d2').set({ memberUids: ['ann'], name: 'two' });
      const added = await l.next((s) => s.size === 2, 'd2 added');
      expect(added.docChanges().map((c) => `${c.type}:${c.doc.id}`)).toEqual(['added:d2']);
      await backend.db.doc('own/d2').update({ name: 'deux' });
      const modified = await l.next(
        (s) => s.docs.some((d) => d.get('name') === 'deux'),
        'd2 renamed',
      );
      expect(modified.docChanges().map((c) => `${c.type}:${c.doc.id}`)).toEqual(['modified:d2']);
      await backend.db.doc('own/d1').update({ memberUids: [] });
      const removed = await l.next((s) => s.size === 1, 'd1 removed');
      expect(removed.docChanges().map((c) => `${c.type}:${c.doc.id}`)).toEqual(['removed:d1']);
    } finally {
      l.stop();
    }
  });

  it('shows a local write as pending, then confirmed with the server timestamp', async () => {
    await backend.db.doc('inbox/n1').set({ title: 'hi', readAt: null });
    const ref = doc(db, 'inbox/n1');
    const states: { pending: boolean; readAt: unknown }[] = [];
    const w = watchSnapshots<DocumentSnapshot>((onNext) =>
      onSnapshot(ref, { includeMetadataChanges: true }, (s) => {
        states.push({ pending: s.metadata.hasPendingWrites, readAt: s.get('readAt') });
        onNext(s);
      }),
    );
    try {
      await w.next((s) => s.get('readAt') === null, 'the stored document');
      await updateDoc(ref, { readAt: serverTimestamp() });
      const snap = await w.next(
        (s) => !s.metadata.hasPendingWrites && s.get('readAt') !== null,
        'the confirmed write',
      );
      expect(states.some((s) => s.pending)).toBe(true);
      expect((snap.get('readAt') as Timestamp).toMillis()).toBeGreaterThan(Date.now() - 60_000);
      expect((await backend.db.doc('inbox/n1').get()).get('readAt')).toBeDefined();
    } finally {
      w.stop();
    }
  });

  it('keeps a document listener through delete and re-create', async () => {
    await backend.db.doc('cycle/x').set({ v: 1 });
    const events: string[] = [];
    const w = watchSnapshots<DocumentSnapshot>((onNext) =>
      onSnapshot(doc(db, 'cycle/x'), (s) => {
        events.push(s.exists() ? `v${String(s.get('v'))}` : 'missing');
        onNext(s);
      }),
    );
    try {
      // Each change waits for the listener to have seen the one before, so none is coalesced.
      await w.next((s) => s.get('v') === 1, 'v1');
      await backend.db.doc('cycle/x').delete();
      await w.next((s) => !s.exists(), 'the deletion');
      await backend.db.doc('cycle/x').set({ v: 2 });
      await w.next((s) => s.get('v') === 2, 'v2');
      expect(events).toEqual(['v1', 'missing', 'v2']);
    } finally {
      w.stop();
    }
  });

  it('keeps a limitToLast listener on the last documents as new ones arrive', async () => {
    for (const n of [1, 2, 3]) await backend.db.doc(`last/n${String(n)}`).set({ n });
    const l = watchQuery(query(collection(db, 'last'), orderBy('n'), limitToLast(2)));
    try {
      expect(idsOf(await l.next((s) => s.size === 2, 'the last two'))).toEqual(['n2', 'n3']);
      await backend.db.doc('last/n4').set({ n: 4 });
      expect(
        idsOf(await l.next((s) => s.docs.some((d) => d.id === 'n4'), 'n4 among the last two')),
      ).toEqual(['n3', 'n4']);
    } finally {
      l.stop();
    }
  });
});

describe('firebase JS SDK (gRPC): writes', () => {
  it('writes with set, merge, batches, increments and deletes', async () => {
    await setDoc(doc(db, 'w/a'), { n: 1, keep: true });
    await setDoc(doc(db, 'w/a'), { extra: 'x' }, { merge: true });
    const batch = writeBatch(db);
    batch.update(doc(db, 'w/a'), { n: increment(2) });
    batch.set(doc(db, 'w/b'), { n: 0 });
    await batch.commit();
    expect((await backend.db.doc('w/a').get()).data()).toEqual({ n: 3, keep: true, extra: 'x' });
    await deleteDoc(doc(db, 'w/b'));
    expect((await backend.db.doc('w/b').get()).exists).toBe(false);
  });

  it('rejects an update of a missing document with not-found', async () => {
    await expect(updateDoc(doc(db, 'w/none'), { n: 1 })).rejects.toMatchObject({
      code: 'not-found',
    });
    expect((await backend.db.doc('w/none').get()).exists).toBe(false);
    // The Write stream recovers for the next batch.
    await setDoc(doc(db, 'w/after'), { ok: true });
    expect((await backend.db.doc('w/after').get()).get('ok')).toBe(true);
  });

  it('runs a transaction, and retries it when a document it read changes underneath', async () => {
    await backend.db.doc('tx/counter').set({ n: 0 });
    await backend.db.doc('tx/config').set({ step: 5 });
    let attempts = 0;
    await runTransaction(db, async (t) => {
      attempts++;
      const counter = await t.get(doc(db, 'tx/counter'));
      // Read but not written: the commit carries it as a verify write.
      const config = await t.get(doc(db, 'tx/config'));
      if (attempts === 1) await backend.db.doc('tx/config').update({ step: 7 });
      t.update(doc(db, 'tx/counter'), {
        n: (counter.get('n') as number) + (config.get('step') as number),
      });
    });
    expect(attempts).toBe(2);
    expect((await backend.db.doc('tx/counter').get()).get('n')).toBe(7);
  });
});
