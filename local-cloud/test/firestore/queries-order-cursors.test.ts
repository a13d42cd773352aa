// Ordering, cursors, limits and projections (docs: "Order and limit data", "Paginate data with
// query cursors", StructuredQuery in google/firestore/v1/query.proto).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldPath } from 'firebase-admin/firestore';
import type { CollectionReference, DocumentSnapshot } from 'firebase-admin/firestore';
import { ids, openBackend } from './backend.ts';
import type { Backend } from './backend.ts';

let be: Backend;
let scores: CollectionReference;

beforeAll(async () => {
  be = await openBackend('queries-order');
  scores = be.db.collection('scores');
  const rows: [string, Record<string, unknown>][] = [
    ['a', { team: 'red', score: 10, m: { rank: 3 } }],
    ['b', { team: 'blue', score: 20, m: { rank: 1 } }],
    ['c', { team: 'red', score: 20, m: { rank: 2 } }],
    ['d', { team: 'blue', score: 5 }],
    ['e', { team: 'red', score: 30 }],
    ['f', { team: 'green' }],
  ];
  const batch = be.db.batch();
  for (const [id, fields] of rows) batch.set(scores.doc(id), fields);
  await batch.commit();
});
afterAll(async () => {
  await be.close();
});

async function snapshot(id: string): Promise<DocumentSnapshot> {
  return scores.doc(id).get();
}

describe('orderBy', () => {
  it('orders ascending with a document-id tie-break and drops documents without the field', async () => {
    expect(ids(await scores.orderBy('score').get())).toEqual(['d', 'a', 'b', 'c', 'e']);
  });

  it('breaks ties by document id in the direction of the last order', async () => {
    expect(ids(await scores.orderBy('score', 'desc').get())).toEqual(['e', 'c', 'b', 'a', 'd']);
  });

  it('orders by several fields', async () => {
    const snap = await scores.orderBy('team').orderBy('score', 'desc').get();
    expect(ids(snap)).toEqual(['b', 'd', 'e', 'c', 'a']);
  });

  it('orders by a nested field', async () => {
    expect(ids(await scores.orderBy('m.rank').get())).toEqual(['b', 'c', 'a']);
  });

  it('orders by document id', async () => {
    expect(ids(await scores.orderBy(FieldPath.documentId(), 'desc').get())).toEqual([
      'f',
      'e',
      'd',
      'c',
      'b',
      'a',
    ]);
  });

  it('orders an inequality query by the inequality field when no order is given', async () => {
    expect(ids(await scores.where('score', '>', 5).get())).toEqual(['a', 'b', 'c', 'e']);
    expect(ids(await scores.where('score', '<=', 20).where('team', '==', 'red').get())).toEqual([
      'a',
      'c',
    ]);
  });

  it('orders by documents without an explicit order by id', async () => {
    expect(ids(await scores.get())).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });
});

describe('limit, limitToLast and offset', () => {
  it('limits from the front', async () => {
    expect(ids(await scores.orderBy('score').limit(2).get())).toEqual(['d', 'a']);
    expect(ids(await scores.orderBy('score').limit(100).get())).toHaveLength(5);
  });

  it('limits from the back and still returns results in query order', async () => {
    expect(ids(await scores.orderBy('score').limitToLast(2).get())).toEqual(['c', 'e']);
    expect(ids(await scores.orderBy('score', 'desc').limitToLast(3).get())).toEqual([
      'b',
      'a',
      'd',
    ]);
  });

  it('skips with offset before applying limit', async () => {
    expect(ids(await scores.orderBy('score').offset(1).limit(2).get())).toEqual(['a', 'b']);
    expect((await scores.orderBy('score').offset(10).get()).size).toBe(0);
  });
});

describe('cursors by field values', () => {
  it('startAt and startAfter include and exclude the boundary value', async () => {
    expect(ids(await scores.orderBy('score').startAt(20).get())).toEqual(['b', 'c', 'e']);
    expect(ids(await scores.orderBy('score').startAfter(20).get())).toEqual(['e']);
  });

  it('endAt and endBefore include and exclude the boundary value', async () => {
    expect(ids(await scores.orderBy('score').endAt(20).get())).toEqual(['d', 'a', 'b', 'c']);
    expect(ids(await scores.orderBy('score').endBefore(20).get())).toEqual(['d', 'a']);
  });

  it('follow descending order', async () => {
    expect(ids(await scores.orderBy('score', 'desc').startAfter(20).get())).toEqual(['a', 'd']);
    expect(ids(await scores.orderBy('score', 'desc').endAt(20).get())).toEqual(['e', 'c', 'b']);
  });

  it('take several values, a prefix of the order', async () => {
    const byTeam = scores.orderBy('team').orderBy('score');
    expect(ids(await byTeam.startAt('red', 20).get())).toEqual(['c', 'e']);
    expect(ids(await byTeam.startAfter('blue').get())).toEqual(['a', 'c', 'e']);
    const byId = scores.orderBy('score').orderBy(FieldPath.documentId());
    expect(ids(await byId.startAfter(20, 'b').get())).toEqual(['c', 'e']);
  });

  it('start between existing values', async () => {
    expect(ids(await scores.orderBy('score').startAt(15).endAt(25).get())).toEqual(['b', 'c']);
  });
});

describe('cursors by document snapshot', () => {
  it('continue after a snapshot, tie included by document id', async () => {
    const b = await snapshot('b');
    expect(ids(await scores.orderBy('score').startAfter(b).get())).toEqual(['c', 'e']);
    expect(ids(await scores.orderBy('score').startAt(b).get())).toEqual(['b', 'c', 'e']);
  });

  it('stop at or before a snapshot', async () => {
    const c = await snapshot('c');
    expect(ids(await scores.orderBy('score').endBefore(c).get())).toEqual(['d', 'a', 'b']);
    expect(ids(await scores.orderBy('score', 'desc').endAt(c).get())).toEqual(['e', 'c']);
  });

  it('page through a collection without an explicit order', async () => {
    const first = await scores.limit(4).get();
    const last = first.docs[first.docs.length - 1];
    expect(last?.id).toBe('d');
    const rest = last === undefined ? [] : ids(await scores.startAfter(last).get());
    expect(rest).toEqual(['e', 'f']);
  });

  it('work with an inequality filter and its implicit order', async () => {
    const a = await snapshot('a');
    expect(ids(await scores.where('score', '>', 5).startAfter(a).get())).toEqual(['b', 'c', 'e']);
  });
});

describe('select', () => {
  it('returns only the selected fields', async () => {
    const snap = await scores.select('team', 'm.rank').orderBy('score').limit(2).get();
    expect(snap.docs.map((d) => d.data())).toEqual([
      { team: 'blue' },
      { team: 'red', m: { rank: 3 } },
    ]);
  });

  it('returns documents with no fields for an empty select', async () => {
    const snap = await scores.select().get();
    expect(ids(snap)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(snap.docs.every((d) => Object.keys(d.data()).length === 0)).toBe(true);
  });
});
