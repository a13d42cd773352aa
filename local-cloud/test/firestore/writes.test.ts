// Writes: set, merge, update masks, field transforms, preconditions and write results
// (docs: "Add data", "Update a document", "Delete data", and google.firestore.v1.Write).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldPath, FieldValue, Timestamp } from 'firebase-admin/firestore';
import type { DocumentReference } from 'firebase-admin/firestore';
import { Code, openBackend } from './backend.ts';
import type { Backend } from './backend.ts';

let be: Backend;
beforeAll(async () => {
  be = await openBackend('writes');
});
afterAll(async () => {
  await be.close();
});

function doc(id: string): DocumentReference {
  return be.db.collection('writes').doc(id);
}

async function read(ref: DocumentReference): Promise<Record<string, unknown> | undefined> {
  return (await ref.get()).data();
}

describe('set', () => {
  it('replaces the whole document', async () => {
    await doc('set').set({ a: 1, b: { c: 2 } });
    await doc('set').set({ z: true });
    expect(await read(doc('set'))).toEqual({ z: true });
  });

  it('merges maps deeply with merge: true and keeps untouched fields', async () => {
    await doc('merge').set({ a: 1, m: { x: 1, y: 1 } });
    await doc('merge').set({ b: 2, m: { y: 2 } }, { merge: true });
    expect(await read(doc('merge'))).toEqual({ a: 1, b: 2, m: { x: 1, y: 2 } });
  });

  it('creates the document when merging into nothing', async () => {
    await doc('merge-new').set({ m: { k: 'v' } }, { merge: true });
    expect(await read(doc('merge-new'))).toEqual({ m: { k: 'v' } });
  });

  it('writes only the listed fields with mergeFields', async () => {
    await doc('merge-fields').set({ a: 1, b: 1, m: { x: 1, y: 1 } });
    await doc('merge-fields').set(
      { a: 10, b: 10, m: { x: 10, y: 10 } },
      { mergeFields: ['a', new FieldPath('m', 'x')] },
    );
    expect(await read(doc('merge-fields'))).toEqual({ a: 10, b: 1, m: { x: 10, y: 1 } });
  });

  it('removes a nested field with FieldValue.delete inside a merged map', async () => {
    await doc('merge-nested-delete').set({ m: { x: 1, y: 1 } });
    await doc('merge-nested-delete').set({ m: { x: FieldValue.delete() } }, { merge: true });
    expect(await read(doc('merge-nested-delete'))).toEqual({ m: { y: 1 } });
  });

  it('removes a field with FieldValue.delete in a merge', async () => {
    await doc('merge-delete').set({ a: 1, b: 2 });
    await doc('merge-delete').set({ a: FieldValue.delete() }, { merge: true });
    expect(await read(doc('merge-delete'))).toEqual({ b: 2 });
  });
});

describe('update', () => {
  it('sets nested fields through dotted paths and leaves siblings alone', async () => {
    await doc('dotted').set({ m: { x: 1, y: 1 }, top: 1 });
    await doc('dotted').update({ 'm.y': 2, 'm.new.deep': 3 });
    expect(await read(doc('dotted'))).toEqual({ m: { x: 1, y: 2, new: { deep: 3 } }, top: 1 });
  });

  it('turns a non-map field into a map when a dotted path goes through it', async () => {
    await doc('through-scalar').set({ a: 1 });
    await doc('through-scalar').update({ 'a.b': 2 });
    expect(await read(doc('through-scalar'))).toEqual({ a: { b: 2 } });
  });

  it('replaces a whole map when the map itself is updated', async () => {
    await doc('replace-map').set({ m: { x: 1, y: 1 } });
    await doc('replace-map').update({ m: { z: 1 } });
    expect(await read(doc('replace-map'))).toEqual({ m: { z: 1 } });
  });

  it('addresses field names with dots, spaces and backticks through back-quoted FieldPaths', async () => {
    await doc('quoted').set({ 'a.b': 1, a: { b: 1 }, 'sp ace': 1, 'tick`': 1 });
    await doc('quoted').update(
      new FieldPath('a.b'),
      2,
      new FieldPath('sp ace'),
      3,
      new FieldPath('tick`'),
      4,
    );
    expect(await read(doc('quoted'))).toEqual({ 'a.b': 2, a: { b: 1 }, 'sp ace': 3, 'tick`': 4 });
  });

  it('deletes top-level and nested fields with FieldValue.delete', async () => {
    await doc('delete-field').set({ a: 1, m: { x: 1, y: 1 } });
    await doc('delete-field').update({ a: FieldValue.delete(), 'm.x': FieldValue.delete() });
    expect(await read(doc('delete-field'))).toEqual({ m: { y: 1 } });
  });

  it('fails with NOT_FOUND on a missing document', async () => {
    await expect(doc('missing').update({ a: 1 })).rejects.toMatchObject({ code: Code.NOT_FOUND });
    expect((await doc('missing').get()).exists).toBe(false);
  });
});

describe('create and delete', () => {
  it('fails with ALREADY_EXISTS when creating an existing document', async () => {
    await doc('create').create({ v: 1 });
    await expect(doc('create').create({ v: 2 })).rejects.toMatchObject({
      code: Code.ALREADY_EXISTS,
    });
    expect(await read(doc('create'))).toEqual({ v: 1 });
  });

  it('deletes a missing document without error, but not with an exists precondition', async () => {
    await expect(doc('never').delete()).resolves.toBeDefined();
    await expect(doc('never').delete({ exists: true })).rejects.toMatchObject({
      code: Code.NOT_FOUND,
    });
  });

  it('removes the document', async () => {
    await doc('to-delete').set({ v: 1 });
    await doc('to-delete').delete();
    expect((await doc('to-delete').get()).exists).toBe(false);
  });
});

describe('preconditions and write results', () => {
  it('applies an update only when lastUpdateTime matches', async () => {
    const first = await doc('precondition').set({ v: 1 });
    await doc('precondition').update({ v: 2 });
    await expect(
      doc('precondition').update({ v: 3 }, { lastUpdateTime: first.writeTime }),
    ).rejects.toMatchObject({ code: Code.FAILED_PRECONDITION });
    const current = await doc('precondition').get();
    expect(current.data()).toEqual({ v: 2 });
    const ok = await doc('precondition').update({ v: 4 }, { lastUpdateTime: current.updateTime });
    expect(ok.writeTime.toMillis()).toBeGreaterThanOrEqual(current.updateTime?.toMillis() ?? 0);
    await expect(
      doc('precondition').delete({ lastUpdateTime: first.writeTime }),
    ).rejects.toMatchObject({ code: Code.FAILED_PRECONDITION });
  });

  it('keeps createTime across updates and moves updateTime forward', async () => {
    const created = await doc('times').set({ v: 1 });
    const updated = await doc('times').update({ v: 2 });
    const snap = await doc('times').get();
    expect(snap.createTime?.isEqual(created.writeTime)).toBe(true);
    expect(snap.updateTime?.isEqual(updated.writeTime)).toBe(true);
    expect(updated.writeTime.valueOf() > created.writeTime.valueOf()).toBe(true);
  });

  it('leaves updateTime unchanged when a write does not change the document', async () => {
    const first = await doc('no-op').set({ v: 1, m: { a: 1 } });
    const second = await doc('no-op').set({ v: 1, m: { a: 1 } });
    // WriteResult.update_time: "If the write did not actually change the document, this will be
    // the previous update_time."
    expect(second.writeTime.isEqual(first.writeTime)).toBe(true);
    expect((await doc('no-op').get()).updateTime?.isEqual(first.writeTime)).toBe(true);
  });
});

describe('serverTimestamp', () => {
  it('writes the commit time into top-level and nested fields', async () => {
    const before = Timestamp.now();
    const result = await doc('server-ts').set({
      at: FieldValue.serverTimestamp(),
      m: { at: FieldValue.serverTimestamp() },
    });
    const data = await read(doc('server-ts'));
    const at = data?.at as Timestamp;
    expect(at).toBeInstanceOf(Timestamp);
    expect((data?.m as { at: Timestamp }).at.isEqual(at)).toBe(true);
    expect(Math.abs(at.toMillis() - result.writeTime.toMillis())).toBeLessThanOrEqual(1);
    expect(at.toMillis()).toBeGreaterThanOrEqual(before.toMillis() - 5_000);
  });

  it('uses one time for every document of a batch', async () => {
    const batch = be.db.batch();
    batch.set(doc('ts-a'), { at: FieldValue.serverTimestamp() });
    batch.set(doc('ts-b'), { at: FieldValue.serverTimestamp() });
    await batch.commit();
    const a = (await read(doc('ts-a')))?.at as Timestamp;
    const b = (await read(doc('ts-b')))?.at as Timestamp;
    expect(a.isEqual(b)).toBe(true);
  });
});

describe('increment', () => {
  it('adds integers and keeps the integer type', async () => {
    const db = be.bigIntDb();
    const ref = db.collection('writes').doc('inc-int');
    await ref.set({ n: 1n });
    await ref.update({ n: FieldValue.increment(2) });
    await ref.update({ n: FieldValue.increment(-10) });
    expect((await ref.get()).data()?.n).toBe(-7n);
  });

  it('switches to double arithmetic when either operand is a double', async () => {
    const db = be.bigIntDb();
    const ref = db.collection('writes').doc('inc-double');
    await ref.set({ a: 1n, b: 0.1 });
    await ref.update({ a: FieldValue.increment(0.5), b: FieldValue.increment(0.2) });
    const data = (await ref.get()).data();
    expect(data?.a).toBe(1.5);
    expect(data?.b).toBe(0.1 + 0.2);
  });

  it('sets a missing or non-numeric field to the operand', async () => {
    await doc('inc-missing').set({ s: 'text' });
    await doc('inc-missing').update({ n: FieldValue.increment(5), s: FieldValue.increment(3) });
    expect(await read(doc('inc-missing'))).toEqual({ n: 5, s: 3 });
  });

  it('saturates at the int64 bounds instead of wrapping', async () => {
    const db = be.bigIntDb();
    const ref = db.collection('writes').doc('inc-overflow');
    await ref.set({ hi: 2n ** 63n - 2n, lo: -(2n ** 63n) + 1n });
    await ref.update({ hi: FieldValue.increment(5), lo: FieldValue.increment(-5) });
    const data = (await ref.get()).data();
    expect(data?.hi).toBe(2n ** 63n - 1n);
    expect(data?.lo).toBe(-(2n ** 63n));
  });

  it('applies increments in a set with merge and reports no lost update across writes', async () => {
    await Promise.all(
      Array.from({ length: 10 }, () =>
        doc('inc-many').set({ n: FieldValue.increment(1) }, { merge: true }),
      ),
    );
    expect(await read(doc('inc-many'))).toEqual({ n: 10 });
  });
});

describe('maximum and minimum', () => {
  it('keeps the larger or smaller value', async () => {
    await doc('minmax').set({ hi: 3, lo: 3, fresh: 'x' });
    await doc('minmax').update({
      hi: FieldValue.maximum(5),
      lo: FieldValue.minimum(1),
      fresh: FieldValue.maximum(7),
      absent: FieldValue.minimum(-2),
    });
    expect(await read(doc('minmax'))).toEqual({ hi: 5, lo: 1, fresh: 7, absent: -2 });
    await doc('minmax').update({ hi: FieldValue.maximum(4), lo: FieldValue.minimum(2) });
    expect(await read(doc('minmax'))).toMatchObject({ hi: 5, lo: 1 });
  });

  it('takes the type of the winning operand and propagates NaN', async () => {
    const db = be.bigIntDb();
    const ref = db.collection('writes').doc('minmax-types');
    // The SDK refuses NaN as an operand, so NaN is the stored value here.
    await ref.set({ a: 3n, b: 3n, c: NaN });
    await ref.update({
      a: FieldValue.maximum(2.5),
      b: FieldValue.minimum(2.5),
      c: FieldValue.maximum(5),
    });
    const data = (await ref.get()).data();
    expect(data?.a).toBe(3n);
    expect(data?.b).toBe(2.5);
    expect(Number.isNaN(data?.c)).toBe(true);
  });
});

describe('arrayUnion and arrayRemove', () => {
  it('appends only missing elements, in order, once each', async () => {
    await doc('union').set({ a: [1, 'x', { k: 1 }] });
    await doc('union').update({ a: FieldValue.arrayUnion('x', 2, { k: 1 }, { k: 2 }, 2) });
    expect((await read(doc('union')))?.a).toEqual([1, 'x', { k: 1 }, 2, { k: 2 }]);
  });

  it('turns a missing or non-array field into an array of the elements', async () => {
    await doc('union-new').set({ s: 'str' });
    await doc('union-new').update({
      s: FieldValue.arrayUnion('a'),
      n: FieldValue.arrayUnion(1, 1),
      r: FieldValue.arrayRemove(1),
    });
    expect(await read(doc('union-new'))).toEqual({ s: ['a'], n: [1], r: [] });
  });

  it('removes every equal element, comparing maps by value', async () => {
    await doc('remove').set({ a: [1, 2, 1, { k: 1 }, { k: 2 }, null, NaN] });
    await doc('remove').update({ a: FieldValue.arrayRemove(1, { k: 1 }, null, NaN, 'absent') });
    expect((await read(doc('remove')))?.a).toEqual([2, { k: 2 }]);
  });
});

describe('batches', () => {
  it('commits every write at one time and returns a result per write', async () => {
    const batch = be.db.batch();
    batch.set(doc('batch-a'), { v: 1 });
    batch.set(doc('batch-b'), { v: 2 });
    batch.delete(doc('batch-none'));
    const results = await batch.commit();
    expect(results).toHaveLength(3);
    expect(results[0]?.writeTime.isEqual(results[1]?.writeTime ?? Timestamp.now())).toBe(true);
    expect(await read(doc('batch-b'))).toEqual({ v: 2 });
  });

  it('applies nothing when one write fails', async () => {
    await doc('batch-existing').set({ v: 0 });
    const batch = be.db.batch();
    batch.set(doc('batch-atomic'), { v: 1 });
    batch.update(doc('batch-existing'), { v: 1 });
    batch.create(doc('batch-existing'), { v: 2 });
    await expect(batch.commit()).rejects.toMatchObject({ code: Code.ALREADY_EXISTS });
    expect((await doc('batch-atomic').get()).exists).toBe(false);
    expect(await read(doc('batch-existing'))).toEqual({ v: 0 });
  });

  it('applies several writes to one document in order', async () => {
    const batch = be.db.batch();
    batch.set(doc('batch-seq'), { a: 1 });
    batch.update(doc('batch-seq'), { b: 2 });
    batch.update(doc('batch-seq'), { a: FieldValue.increment(5) });
    await batch.commit();
    expect(await read(doc('batch-seq'))).toEqual({ a: 6, b: 2 });
  });
});
