// count(), sum() and average() (docs: "Summarize data with aggregation queries"): sum and average
// ignore non-numeric values, average of no numeric values is null, NaN propagates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AggregateField } from 'firebase-admin/firestore';
import type { CollectionReference } from 'firebase-admin/firestore';
import { openBackend } from './backend.ts';
import type { Backend } from './backend.ts';

let be: Backend;
let items: CollectionReference;

beforeAll(async () => {
  be = await openBackend('aggregations');
  items = be.db.collection('items');
  const rows: Record<string, unknown>[] = [
    { v: 1, kind: 'a' },
    { v: 2, kind: 'a' },
    { v: 3.5, kind: 'b' },
    { v: 'seven', kind: 'b' },
    { v: null, kind: 'b' },
    { v: true, kind: 'c' },
    { kind: 'c' },
  ];
  const batch = be.db.batch();
  rows.forEach((row, i) => batch.set(items.doc(`i${i}`), row));
  batch.set(be.db.collection('words').doc('w1'), { v: 'x' });
  batch.set(be.db.collection('words').doc('w2'), { v: null });
  batch.set(be.db.collection('nan').doc('n1'), { v: 1 });
  batch.set(be.db.collection('nan').doc('n2'), { v: NaN });
  batch.set(be.db.collection('inf').doc('p'), { v: Infinity });
  batch.set(be.db.collection('inf').doc('n'), { v: -Infinity });
  batch.set(be.db.collection('ints').doc('a'), { v: 2 });
  batch.set(be.db.collection('ints').doc('b'), { v: 3 });
  await batch.commit();
});
afterAll(async () => {
  await be.close();
});

describe('count', () => {
  it('counts documents of a collection and of a filtered query', async () => {
    expect((await items.count().get()).data().count).toBe(7);
    expect((await items.where('kind', '==', 'b').count().get()).data().count).toBe(3);
    expect((await be.db.collection('empty').count().get()).data().count).toBe(0);
  });

  it('leaves out documents without the order field when the query orders by it', async () => {
    expect((await items.orderBy('v').count().get()).data().count).toBe(6);
  });

  it('counts only up to the query limit', async () => {
    expect((await items.limit(2).count().get()).data().count).toBe(2);
    expect((await items.offset(5).count().get()).data().count).toBe(2);
  });
});

describe('sum and average', () => {
  it('sum skips values that are not numbers', async () => {
    const snap = await items.aggregate({ total: AggregateField.sum('v') }).get();
    expect(snap.data().total).toBe(6.5);
  });

  it('average divides by the count of numeric values only', async () => {
    const snap = await items.aggregate({ avg: AggregateField.average('v') }).get();
    expect(snap.data().avg).toBeCloseTo(6.5 / 3, 12);
  });

  it('average of no numeric values is null and sum is 0', async () => {
    const words = be.db.collection('words');
    const snap = await words
      .aggregate({ avg: AggregateField.average('v'), total: AggregateField.sum('v') })
      .get();
    expect(snap.data().avg).toBeNull();
    expect(snap.data().total).toBe(0);
  });

  it('sum of integers is an integer, average is a double', async () => {
    const snap = await be
      .bigIntDb()
      .collection('ints')
      .aggregate({ total: AggregateField.sum('v'), avg: AggregateField.average('v') })
      .get();
    expect(snap.data().total).toBe(5n);
    expect(snap.data().avg).toBe(2.5);
  });

  it('sum of integers that overflows int64 is returned as a double', async () => {
    const db = be.bigIntDb();
    await db.doc('big/a').set({ v: 2n ** 63n - 1n });
    await db.doc('big/b').set({ v: 1n });
    const snap = await db
      .collection('big')
      .aggregate({ total: AggregateField.sum('v') })
      .get();
    expect(typeof snap.data().total).toBe('number');
    expect(snap.data().total).toBe(2 ** 63);
  });

  it('NaN makes sum and average NaN, opposite infinities make NaN', async () => {
    const nan = await be.db
      .collection('nan')
      .aggregate({ total: AggregateField.sum('v'), avg: AggregateField.average('v') })
      .get();
    expect(Number.isNaN(nan.data().total)).toBe(true);
    expect(Number.isNaN(nan.data().avg)).toBe(true);
    const inf = await be.db
      .collection('inf')
      .aggregate({ total: AggregateField.sum('v') })
      .get();
    expect(Number.isNaN(inf.data().total)).toBe(true);
  });

  it('computes several aggregations over a filtered query in one request', async () => {
    const snap = await items
      .where('kind', 'in', ['a', 'b'])
      .aggregate({
        n: AggregateField.count(),
        total: AggregateField.sum('v'),
        avg: AggregateField.average('v'),
      })
      .get();
    expect(snap.data()).toMatchObject({ n: 5, total: 6.5 });
    expect(snap.data().avg).toBeCloseTo(6.5 / 3, 12);
  });

  // Production runs a request's aggregations over the documents that have every aggregated field
  // (docs: "Aggregation queries"; the SDKs' "performs aggregations on documents with all
  // aggregated fields" expects 300, 100, 2007 and 3 from these four books).
  it('runs several aggregations only over documents with every aggregated field', async () => {
    const books = be.db.collection('books');
    await Promise.all([
      books.doc('a').set({ pages: 100, year: 1980 }),
      books.doc('b').set({ pages: 50, year: 2020 }),
      books.doc('c').set({ pages: 150, year: 2021 }),
      books.doc('d').set({ pages: 50 }),
    ]);
    const snap = await books
      .aggregate({
        totalPages: AggregateField.sum('pages'),
        averagePages: AggregateField.average('pages'),
        averageYear: AggregateField.average('year'),
        count: AggregateField.count(),
      })
      .get();
    expect(snap.data()).toEqual({
      totalPages: 300,
      averagePages: 100,
      averageYear: 2007,
      count: 3,
    });
    // Alone, each still sees every document that has its own field.
    expect((await books.aggregate({ total: AggregateField.sum('pages') }).get()).data()).toEqual({
      total: 350,
    });
    expect((await books.count().get()).data().count).toBe(4);
  });

  it('sums over a collection group', async () => {
    await be.db.doc('groups/g1/scores/s').set({ v: 4 });
    await be.db.doc('groups/g2/scores/s').set({ v: 6 });
    const snap = await be.db
      .collectionGroup('scores')
      .aggregate({ n: AggregateField.count(), total: AggregateField.sum('v') })
      .get();
    expect(snap.data()).toEqual({ n: 2, total: 10 });
  });
});
