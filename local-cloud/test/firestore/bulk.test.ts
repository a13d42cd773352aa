// BulkWriter (BatchWrite RPC): writes are independent, each succeeds or fails on its own
// (google.firestore.v1.BatchWriteRequest: "not applied atomically").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldValue } from 'firebase-admin/firestore';
import type { BulkWriterError } from '@google-cloud/firestore';
import { Code, openBackend } from './backend.ts';
import type { Backend } from './backend.ts';

let be: Backend;
beforeAll(async () => {
  be = await openBackend('bulk');
});
afterAll(async () => {
  await be.close();
});

describe('BulkWriter', () => {
  it('writes many documents', async () => {
    const writer = be.db.bulkWriter();
    const results = Array.from({ length: 120 }, (_, i) =>
      writer.set(be.db.collection('many').doc(`d${String(i).padStart(3, '0')}`), { i }),
    );
    await writer.close();
    const writes = await Promise.all(results);
    expect(writes).toHaveLength(120);
    expect(writes.every((w) => w.writeTime.toMillis() > 0)).toBe(true);
    expect((await be.db.collection('many').count().get()).data().count).toBe(120);
    expect((await be.db.doc('many/d119').get()).get('i')).toBe(119);
  });

  it('reports a failure per write and still applies the others', async () => {
    await be.db.doc('mixed/existing').set({ v: 0 });
    const writer = be.db.bulkWriter();
    const failures: number[] = [];
    writer.onWriteError((error) => {
      failures.push(error.code);
      return false; // no retries: these failures are permanent
    });
    const created = writer.create(be.db.doc('mixed/new'), { v: 1 });
    const duplicate = writer.create(be.db.doc('mixed/existing'), { v: 2 });
    const missing = writer.update(be.db.doc('mixed/absent'), { v: 3 });
    const updated = writer.update(be.db.doc('mixed/existing'), { v: FieldValue.increment(5) });
    // Writes are sent when the writer flushes, so settle them after close().
    const outcomes = Promise.allSettled([created, duplicate, missing, updated]);
    await writer.close();
    const settled = await outcomes;

    expect(settled.map((s) => s.status)).toEqual([
      'fulfilled',
      'rejected',
      'rejected',
      'fulfilled',
    ]);
    const reasons = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
    // BulkWriterError is a type only at run time, so its fields are checked instead.
    const errors = reasons as BulkWriterError[];
    expect(errors.map((e) => [e.operationType, e.documentRef.path, e.code])).toEqual([
      ['create', 'mixed/existing', Code.ALREADY_EXISTS],
      ['update', 'mixed/absent', Code.NOT_FOUND],
    ]);
    expect(failures.sort((x, y) => x - y)).toEqual([Code.NOT_FOUND, Code.ALREADY_EXISTS]);
    expect((await be.db.doc('mixed/new').get()).get('v')).toBe(1);
    expect((await be.db.doc('mixed/existing').get()).get('v')).toBe(5);
    expect((await be.db.doc('mixed/absent').get()).exists).toBe(false);
  });

  it('deletes and honours preconditions', async () => {
    const stale = await be.db.doc('pre/doc').set({ v: 1 });
    await be.db.doc('pre/doc').set({ v: 2 });
    await be.db.doc('pre/gone').set({ v: 1 });
    const writer = be.db.bulkWriter();
    writer.onWriteError(() => false);
    const guarded = writer.update(
      be.db.doc('pre/doc'),
      { v: 3 },
      { lastUpdateTime: stale.writeTime },
    );
    const deleted = writer.delete(be.db.doc('pre/gone'));
    const outcomes = Promise.allSettled([guarded, deleted]);
    await writer.close();
    const settled = await outcomes;
    expect(settled[0]).toMatchObject({
      status: 'rejected',
      reason: { code: Code.FAILED_PRECONDITION },
    });
    expect(settled[1].status).toBe('fulfilled');
    expect((await be.db.doc('pre/doc').get()).get('v')).toBe(2);
    expect((await be.db.doc('pre/gone').get()).exists).toBe(false);
  });
});
