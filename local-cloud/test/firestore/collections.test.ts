// Hierarchy: subcollections, collection groups, listing and deleting (docs: "Data model",
// "Collection group queries", "Delete data": deleting a document does not delete its subcollections).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldPath } from 'firebase-admin/firestore';
import { ids, openBackend } from './backend.ts';
import type { Backend } from './backend.ts';

let be: Backend;

beforeAll(async () => {
  be = await openBackend('collections');
  const batch = be.db.batch();
  batch.set(be.db.doc('shops/s1'), { name: 'one' });
  batch.set(be.db.doc('shops/s1/items/i1'), { price: 5 });
  batch.set(be.db.doc('shops/s1/items/i2'), { price: 15 });
  batch.set(be.db.doc('shops/s1/staff/p1'), { role: 'boss' });
  // s2 has no fields of its own: it exists only through its subcollection.
  batch.set(be.db.doc('shops/s2/items/i3'), { price: 10 });
  batch.set(be.db.doc('shops/s3'), { name: 'three' });
  // Same collection id deeper in the tree, and a look-alike id that is not part of the group.
  batch.set(be.db.doc('shops/s3/aisles/a1/items/i4'), { price: 1 });
  batch.set(be.db.doc('shops/s3/items-archive/x'), { price: 99 });
  batch.set(be.db.doc('items/top'), { price: 50 });
  await batch.commit();
});
afterAll(async () => {
  await be.close();
});

describe('listing', () => {
  it('lists root collections and the subcollections of a document', async () => {
    const roots = (await be.db.listCollections()).map((c) => c.id);
    expect(roots).toEqual(expect.arrayContaining(['items', 'shops']));
    const subs = (await be.db.doc('shops/s1').listCollections()).map((c) => c.id).sort();
    expect(subs).toEqual(['items', 'staff']);
    expect((await be.db.doc('shops/s2').listCollections()).map((c) => c.id)).toEqual(['items']);
    expect(await be.db.doc('shops/none').listCollections()).toEqual([]);
  });

  it('lists documents including those that only have subcollections', async () => {
    const refs = await be.db.collection('shops').listDocuments();
    expect(refs.map((r) => r.id).sort()).toEqual(['s1', 's2', 's3']);
    const s2 = await be.db.doc('shops/s2').get();
    expect(s2.exists).toBe(false);
  });

  it('does not return documents that only have subcollections from queries', async () => {
    expect(ids(await be.db.collection('shops').get())).toEqual(['s1', 's3']);
  });
});

describe('collection groups', () => {
  it('queries every collection with the id, at any depth, and no other', async () => {
    const snap = await be.db.collectionGroup('items').orderBy('price').get();
    expect(snap.docs.map((d) => d.ref.path)).toEqual([
      'shops/s3/aisles/a1/items/i4',
      'shops/s1/items/i1',
      'shops/s2/items/i3',
      'shops/s1/items/i2',
      'items/top',
    ]);
  });

  it('filters a collection group', async () => {
    const snap = await be.db.collectionGroup('items').where('price', '>=', 10).get();
    expect(ids(snap)).toEqual(['i3', 'i2', 'top']);
  });

  it('orders a collection group by full document path', async () => {
    const snap = await be.db.collectionGroup('items').orderBy(FieldPath.documentId()).get();
    expect(snap.docs.map((d) => d.ref.path)).toEqual([
      'items/top',
      'shops/s1/items/i1',
      'shops/s1/items/i2',
      'shops/s2/items/i3',
      'shops/s3/aisles/a1/items/i4',
    ]);
  });

  it('pages through a collection group with a document snapshot cursor', async () => {
    const byPrice = be.db.collectionGroup('items').orderBy('price');
    const first = await byPrice.limit(2).get();
    const last = first.docs[first.docs.length - 1];
    expect(last?.ref.path).toBe('shops/s1/items/i1');
    const next = last === undefined ? [] : (await byPrice.startAfter(last).limit(2).get()).docs;
    expect(next.map((d) => d.ref.path)).toEqual(['shops/s2/items/i3', 'shops/s1/items/i2']);
  });

  it('filters by document path and restricts a group to one subtree with a path range', async () => {
    const docId = FieldPath.documentId();
    const one = await be.db
      .collectionGroup('items')
      .where(docId, '==', be.db.doc('shops/s2/items/i3'))
      .get();
    expect(one.docs.map((d) => d.ref.path)).toEqual(['shops/s2/items/i3']);
    const subtree = await be.db
      .collectionGroup('items')
      .orderBy(docId)
      .startAt('shops/s1')
      .endAt('shops/s1\uf8ff')
      .get();
    expect(subtree.docs.map((d) => d.ref.path)).toEqual(['shops/s1/items/i1', 'shops/s1/items/i2']);
  });
});

describe('deleting', () => {
  it('deleting a document leaves its subcollections', async () => {
    await be.db.doc('orphans/o1').set({ v: 1 });
    await be.db.doc('orphans/o1/kids/k1').set({ v: 2 });
    await be.db.doc('orphans/o1').delete();
    expect((await be.db.doc('orphans/o1').get()).exists).toBe(false);
    expect((await be.db.doc('orphans/o1/kids/k1').get()).exists).toBe(true);
    expect((await be.db.collection('orphans').listDocuments()).map((r) => r.id)).toEqual(['o1']);
  });

  it('recursiveDelete removes a document and everything below it', async () => {
    await be.db.doc('tree/t1').set({ v: 1 });
    await be.db.doc('tree/t1/a/a1').set({ v: 1 });
    await be.db.doc('tree/t1/a/a1/b/b1').set({ v: 1 });
    await be.db.doc('tree/t2').set({ v: 2 });
    await be.db.recursiveDelete(be.db.doc('tree/t1'));
    expect((await be.db.doc('tree/t1/a/a1/b/b1').get()).exists).toBe(false);
    expect(await be.db.doc('tree/t1').listCollections()).toEqual([]);
    expect((await be.db.doc('tree/t2').get()).exists).toBe(true);
  });

  it('recursiveDelete of a collection removes its documents and their subcollections', async () => {
    await be.db.doc('wipe/w1').set({ v: 1 });
    await be.db.doc('wipe/w2/deep/d1').set({ v: 1 });
    await be.db.doc('wiped-not/w1').set({ v: 1 });
    await be.db.recursiveDelete(be.db.collection('wipe'));
    expect(await be.db.collection('wipe').listDocuments()).toEqual([]);
    expect((await be.db.doc('wipe/w2/deep/d1').get()).exists).toBe(false);
    expect((await be.db.doc('wiped-not/w1').get()).exists).toBe(true);
  });
});

describe('getAll', () => {
  it('returns snapshots in request order, missing documents as not existing', async () => {
    const snaps = await be.db.getAll(
      be.db.doc('shops/s3'),
      be.db.doc('shops/missing'),
      be.db.doc('shops/s1/items/i1'),
      be.db.doc('shops/s2'),
    );
    expect(snaps.map((s) => s.ref.path)).toEqual([
      'shops/s3',
      'shops/missing',
      'shops/s1/items/i1',
      'shops/s2',
    ]);
    expect(snaps.map((s) => s.exists)).toEqual([true, false, true, false]);
    expect(snaps[2]?.get('price')).toBe(5);
  });

  it('applies a field mask', async () => {
    await be.db.doc('masked/m').set({ keep: 1, drop: 2, nested: { keep: 3, drop: 4 } });
    const [snap] = await be.db.getAll(be.db.doc('masked/m'), {
      fieldMask: ['keep', 'nested.keep'],
    });
    expect(snap?.data()).toEqual({ keep: 1, nested: { keep: 3 } });
  });
});
