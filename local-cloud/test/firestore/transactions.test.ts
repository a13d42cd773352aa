// Transactions (docs: "Transactions and batched writes"): serializable read-write transactions,
// read-only transactions, all-or-nothing commits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldValue } from 'firebase-admin/firestore';
import type { DocumentReference } from 'firebase-admin/firestore';
import { Code, openBackend } from './backend.ts';
import type { Backend } from './backend.ts';

let be: Backend;
beforeAll(async () => {
  be = await openBackend('transactions');
});
afterAll(async () => {
  await be.close();
});

function doc(id: string): DocumentReference {
  return be.db.collection('tx').doc(id);
}

describe('read-write transactions', () => {
  it('loses no update when 20 transactions increment one counter concurrently', async () => {
    await doc('counter').set({ n: 0 });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        be.db.runTransaction(
          async (tx) => {
            const snap = await tx.get(doc('counter'));
            const n = snap.get('n') as number;
            tx.update(doc('counter'), { n: n + 1 });
            return i;
          },
          { maxAttempts: 30 },
        ),
      ),
    );
    expect(results).toHaveLength(20);
    expect((await doc('counter').get()).get('n')).toBe(20);
  });

  it('returns the value of the update function and applies its writes together', async () => {
    const value = await be.db.runTransaction(async (tx) => {
      const missing = await tx.get(doc('tx-created'));
      tx.create(doc('tx-created'), { seen: missing.exists });
      tx.set(doc('tx-other'), { v: FieldValue.increment(1) });
      return 'done';
    });
    expect(value).toBe('done');
    expect((await doc('tx-created').get()).data()).toEqual({ seen: false });
    expect((await doc('tx-other').get()).data()).toEqual({ v: 1 });
  });

  it('leaves nothing behind when the update function throws', async () => {
    await doc('tx-throw').set({ v: 'before' });
    await expect(
      be.db.runTransaction(async (tx) => {
        await tx.get(doc('tx-throw'));
        tx.set(doc('tx-throw'), { v: 'after' });
        tx.set(doc('tx-throw-new'), { v: 1 });
        throw new Error('abandon');
      }),
    ).rejects.toThrow('abandon');
    expect((await doc('tx-throw').get()).data()).toEqual({ v: 'before' });
    expect((await doc('tx-throw-new').get()).exists).toBe(false);
  });

  it('fails without writing when a write inside it is rejected', async () => {
    await doc('tx-exists').set({ v: 1 });
    await expect(
      be.db.runTransaction(async (tx) => {
        await tx.get(doc('tx-exists'));
        tx.set(doc('tx-side'), { v: 1 });
        tx.create(doc('tx-exists'), { v: 2 });
      }),
    ).rejects.toMatchObject({ code: Code.ALREADY_EXISTS });
    expect((await doc('tx-side').get()).exists).toBe(false);
    expect((await doc('tx-exists').get()).data()).toEqual({ v: 1 });
  });

  it('reads several documents with getAll, missing ones included, in request order', async () => {
    await doc('ga-1').set({ v: 1 });
    await doc('ga-3').set({ v: 3 });
    const snaps = await be.db.runTransaction(async (tx) =>
      tx.getAll(doc('ga-3'), doc('ga-2'), doc('ga-1')),
    );
    expect(snaps.map((s) => s.id)).toEqual(['ga-3', 'ga-2', 'ga-1']);
    expect(snaps.map((s) => s.exists)).toEqual([true, false, true]);
    expect(snaps[0]?.get('v')).toBe(3);
  });

  it('runs queries inside a transaction', async () => {
    await be.db.collection('tx-query').doc('a').set({ k: 1 });
    await be.db.collection('tx-query').doc('b').set({ k: 2 });
    const total = await be.db.runTransaction(async (tx) => {
      const snap = await tx.get(be.db.collection('tx-query').where('k', '>', 0));
      tx.set(doc('tx-query-sum'), { total: snap.size });
      return snap.size;
    });
    expect(total).toBe(2);
    expect((await doc('tx-query-sum').get()).get('total')).toBe(2);
  });
});

describe('read-only transactions', () => {
  it('reads documents and queries', async () => {
    await doc('ro').set({ v: 'ro' });
    const [snap, query] = await be.db.runTransaction(
      async (tx) => Promise.all([tx.get(doc('ro')), tx.get(be.db.collection('tx').limit(1))]),
      { readOnly: true },
    );
    expect(snap.get('v')).toBe('ro');
    expect(query.size).toBe(1);
  });

  it('reads the state as of readTime', async () => {
    const first = await doc('ro-time').set({ v: 1 });
    await doc('ro-time').set({ v: 2 });
    const old = await be.db.runTransaction(async (tx) => tx.get(doc('ro-time')), {
      readOnly: true,
      readTime: first.writeTime,
    });
    expect(old.get('v')).toBe(1);
    expect((await doc('ro-time').get()).get('v')).toBe(2);
  });
});
