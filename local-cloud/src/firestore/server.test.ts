import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { status } from '@grpc/grpc-js';
import { deleteApp, initializeApp } from 'firebase-admin/app';
import { FieldValue, getFirestore } from 'firebase-admin/firestore';
import type { Firestore } from 'firebase-admin/firestore';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFirestoreServer } from './index.ts';
import type { FirestoreChange, FirestoreServer } from './index.ts';

// Smoke tests through the unmodified firebase-admin SDK; the full conformance suite lives in
// local-cloud/test/firestore.
describe('firestore server with firebase-admin', () => {
  let server: FirestoreServer;
  let db: Firestore;
  let app: ReturnType<typeof initializeApp>;

  beforeAll(async () => {
    server = await startFirestoreServer({ transactionIdleTimeoutMs: 200 });
    process.env.FIRESTORE_EMULATOR_HOST = server.address;
    app = initializeApp({ projectId: 'demo-unit' }, 'firestore-unit');
    db = getFirestore(app);
  });
  afterAll(async () => {
    await deleteApp(app);
    await server.stop();
    delete process.env.FIRESTORE_EMULATOR_HOST;
  });
  beforeEach(() => {
    server.reset();
  });

  it('serializes 20 concurrent read-modify-write transactions', async () => {
    const ref = db.doc('counters/c');
    await ref.set({ n: 0 });
    await Promise.all(
      Array.from({ length: 20 }, () =>
        db.runTransaction(async (tx) => {
          const snap = await tx.get(ref);
          tx.update(ref, { n: (snap.get('n') as number) + 1 });
        }),
      ),
    );
    expect((await ref.get()).get('n')).toBe(20);
  });

  it('aborts a transaction whose read document was written meanwhile, and the SDK retries it', async () => {
    const ref = db.doc('counters/d');
    await ref.set({ n: 0 });
    let attempts = 0;
    await db.runTransaction(async (tx) => {
      attempts++;
      const snap = await tx.get(ref);
      if (attempts === 1) await ref.update({ n: FieldValue.increment(10) });
      tx.update(ref, { n: (snap.get('n') as number) + 1 });
    });
    expect(attempts).toBe(2);
    expect((await ref.get()).get('n')).toBe(11);
  });

  it('expires an abandoned transaction so others can take its locks, and fails its commit', async () => {
    const ref = db.doc('counters/e');
    await ref.set({ n: 1 });
    let abandonedRead!: () => void;
    const read = new Promise<void>((resolve) => (abandonedRead = resolve));
    let secondCommitted!: () => void;
    const committed = new Promise<void>((resolve) => (secondCommitted = resolve));
    // Reads (taking the lock) and then idles until the second transaction has committed. Without
    // expiry (200 ms here) the second would wait for this lock forever, and this for the second.
    const abandoned = db.runTransaction(
      async (tx) => {
        await tx.get(ref);
        abandonedRead();
        await committed;
        tx.update(ref, { n: 100 });
      },
      { maxAttempts: 1 },
    );
    await read;
    await db.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      tx.update(ref, { n: (snap.get('n') as number) + 1 });
    });
    secondCommitted();
    await expect(abandoned).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
      message: expect.stringMatching(/transaction has expired/) as unknown,
    });
    expect((await ref.get()).get('n')).toBe(2);
  });

  it('emits changes in commit order and counts billable ops', async () => {
    const changes: FirestoreChange[] = [];
    const off = server.onChange((c) => changes.push(c));
    await db.doc('users/u1').set({ a: 1 });
    await db.doc('users/u1').update({ a: 2 });
    await db.doc('users/u1').delete();
    off();
    expect(
      changes.map((c) => [
        c.path,
        c.before?.fields?.a?.integerValue ?? null,
        c.after?.fields?.a?.integerValue ?? null,
      ]),
    ).toEqual([
      ['users/u1', null, '1'],
      ['users/u1', '1', '2'],
      ['users/u1', '2', null],
    ]);
    server.resetOps();
    await db.collection('users').get(); // empty query: minimum one read
    await db.getAll(db.doc('users/x'), db.doc('users/y'));
    await db.collection('users').count().get();
    expect(server.ops()).toEqual({ reads: 4, writes: 0, deletes: 0 });
  });

  it('snapshots and restores all data', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'lc-fs-'));
    try {
      await db.doc('a/b').set({ n: NaN, neg: -0, bytes: Buffer.from('hi'), when: new Date(1234) });
      const file = path.join(dir, 'snap.json');
      await server.snapshot(file);
      server.reset();
      expect((await db.doc('a/b').get()).exists).toBe(false);
      await server.restore(file);
      const data = (await db.doc('a/b').get()).data();
      expect(data?.n).toBeNaN();
      expect(Object.is(data?.neg, -0)).toBe(true);
      expect(Buffer.from(data?.bytes as Uint8Array).toString()).toBe('hi');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('fails the scripted call of a method and lets the others through', async () => {
    server.failNext('Commit', status.FAILED_PRECONDITION, 1, 1);
    await db.doc('f/1').set({});
    await expect(db.doc('f/2').set({})).rejects.toMatchObject({ code: status.FAILED_PRECONDITION });
    await db.doc('f/3').set({});
    expect((await db.collection('f').get()).size).toBe(2);
  });
});
