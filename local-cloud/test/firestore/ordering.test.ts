// Firestore's cross-type value ordering (docs: "Ordering of Firestore values"):
// null < booleans < NaN < numbers < timestamps < strings (UTF-8 byte order) < bytes < references
// (segment by segment) < geopoints (latitude, then longitude) < arrays (element-wise, then length)
// < maps (keys, then values). Integers and doubles are compared by value.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldValue, GeoPoint, Timestamp } from 'firebase-admin/firestore';
import { ids, openBackend } from './backend.ts';
import type { Backend } from './backend.ts';

let be: Backend;

// Listed in the order Firestore sorts them. Ids are chosen so their own order differs from it.
const ascending: [string, () => unknown][] = [
  ['z-null', () => null],
  ['y-false', () => false],
  ['x-true', () => true],
  ['w-nan', () => NaN],
  ['v-ninf', () => -Infinity],
  ['u-neg', () => -5],
  ['t-zero', () => 0],
  ['s-half', () => 0.5],
  ['r-two', () => 2],
  ['q-inf', () => Infinity],
  ['p-ts-early', () => new Timestamp(100, 0)],
  ['o-ts-late', () => new Timestamp(200, 5000)],
  ['n-str-empty', () => ''],
  ['m-str-A', () => 'A'],
  ['l-str-a', () => 'a'],
  ['k-str-e-acute', () => 'é'],
  // U+FFFF is EF BF BF in UTF-8, 😀 is F0 9F 98 80: UTF-8 order differs from UTF-16 code-unit order.
  ['j-str-uffff', () => '\uffff'],
  ['i-str-emoji', () => '😀'],
  ['h-bytes-0', () => Buffer.from([0])],
  ['g-bytes-01', () => Buffer.from([0, 1])],
  ['f-bytes-1', () => Buffer.from([1])],
  // Segment order: "a" < "a-b", although "/" > "-" in a plain string comparison.
  ['e-ref-deep', () => be.db.doc('col/a/sub/x')],
  ['d-ref-dash', () => be.db.doc('col/a-b')],
  ['c-geo-low', () => new GeoPoint(-10, 170)],
  ['b-geo-high', () => new GeoPoint(10, -170)],
  ['a-arr-1', () => [1]],
  ['Z-arr-1-2', () => [1, 2]],
  ['Y-arr-2', () => [2]],
  ['X-map-a1', () => ({ a: 1 })],
  ['W-map-a2', () => ({ a: 2 })],
  ['V-map-b0', () => ({ b: 0 })],
];
const order = ascending.map(([id]) => id);

beforeAll(async () => {
  be = await openBackend('ordering');
  const batch = be.db.batch();
  for (const [id, value] of ascending) batch.set(be.db.collection('mixed').doc(id), { v: value() });
  batch.set(be.db.collection('mixed').doc('no-field'), { other: 1 });
  await batch.commit();
});
afterAll(async () => {
  await be.close();
});

describe('orderBy across types', () => {
  it('sorts every type in the documented order and leaves out documents without the field', async () => {
    const snap = await be.db.collection('mixed').orderBy('v').get();
    expect(ids(snap)).toEqual(order);
    expect(ids(snap)).not.toContain('no-field');
  });

  it('reverses exactly for descending order', async () => {
    const snap = await be.db.collection('mixed').orderBy('v', 'desc').get();
    expect(ids(snap)).toEqual([...order].reverse());
  });

  it('restricts range filters to values of the filter value type', async () => {
    const numbers = await be.db.collection('mixed').where('v', '>=', -Infinity).get();
    expect(ids(numbers)).toEqual(['v-ninf', 'u-neg', 't-zero', 's-half', 'r-two', 'q-inf']);
    const strings = await be.db.collection('mixed').where('v', '>', '').get();
    expect(ids(strings)).toEqual([
      'm-str-A',
      'l-str-a',
      'k-str-e-acute',
      'j-str-uffff',
      'i-str-emoji',
    ]);
    const times = await be.db.collection('mixed').where('v', '<', new Timestamp(150, 0)).get();
    expect(ids(times)).toEqual(['p-ts-early']);
    const arrays = await be.db.collection('mixed').where('v', '>', [1]).get();
    expect(ids(arrays)).toEqual(['Z-arr-1-2', 'Y-arr-2']);
  });

  it('matches null and NaN only through equality', async () => {
    expect(ids(await be.db.collection('mixed').where('v', '==', null).get())).toEqual(['z-null']);
    expect(ids(await be.db.collection('mixed').where('v', '==', NaN).get())).toEqual(['w-nan']);
    const notNull = await be.db.collection('mixed').where('v', '!=', null).get();
    expect(notNull.size).toBe(order.length - 1);
    expect(ids(notNull)).not.toContain('no-field');
  });

  it('compares maps and arrays by equality deeply', async () => {
    expect(ids(await be.db.collection('mixed').where('v', '==', { a: 2 }).get())).toEqual([
      'W-map-a2',
    ]);
    expect(ids(await be.db.collection('mixed').where('v', '==', [1, 2]).get())).toEqual([
      'Z-arr-1-2',
    ]);
    expect(
      ids(await be.db.collection('mixed').where('v', '==', be.db.doc('col/a-b')).get()),
    ).toEqual(['d-ref-dash']);
  });
});

describe('integer and double equivalence', () => {
  beforeAll(async () => {
    const col = be.db.collection('numeric');
    await col.doc('int-one').set({ v: 1 });
    // JavaScript cannot send an integral double; an increment on a double yields double 1.0.
    await col.doc('double-one').set({ v: 0.5 });
    await col.doc('double-one').update({ v: FieldValue.increment(0.5) });
    await col.doc('int-two').set({ v: 2 });
    await col.doc('double-one-and-half').set({ v: 1.5 });
  });

  it('stores the increment result as a double', async () => {
    const data = (await be.bigIntDb().collection('numeric').doc('double-one').get()).data();
    expect(data?.v).toBe(1);
    expect(typeof data?.v).toBe('number');
    const int = (await be.bigIntDb().collection('numeric').doc('int-one').get()).data();
    expect(int?.v).toBe(1n);
  });

  it('treats integer 1 and double 1.0 as equal in == and in', async () => {
    expect(ids(await be.db.collection('numeric').where('v', '==', 1).get())).toEqual([
      'double-one',
      'int-one',
    ]);
    expect(ids(await be.db.collection('numeric').where('v', 'in', [1, 7]).get())).toEqual([
      'double-one',
      'int-one',
    ]);
    expect(ids(await be.db.collection('numeric').where('v', 'not-in', [1]).get())).toEqual([
      'double-one-and-half',
      'int-two',
    ]);
  });

  it('orders integers and doubles together by value, ties broken by document id', async () => {
    const snap = await be.db.collection('numeric').orderBy('v').get();
    expect(ids(snap)).toEqual(['double-one', 'int-one', 'double-one-and-half', 'int-two']);
  });
});
