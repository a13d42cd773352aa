// Every Firestore value type survives a write and a read unchanged (docs: "Supported data types").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocumentReference, GeoPoint, Timestamp } from 'firebase-admin/firestore';
import { openBackend } from './backend.ts';
import type { Backend } from './backend.ts';

let be: Backend;
beforeAll(async () => {
  be = await openBackend('values');
});
afterAll(async () => {
  await be.close();
});

async function roundTrip(
  id: string,
  data: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const ref = be.db.collection('values').doc(id);
  await ref.set(data);
  const snap = await ref.get();
  expect(snap.exists).toBe(true);
  return snap.data() ?? {};
}

describe('scalar values', () => {
  it('keeps null and booleans', async () => {
    const data = await roundTrip('scalars', { n: null, t: true, f: false });
    expect(data.n).toBeNull();
    expect(data.t).toBe(true);
    expect(data.f).toBe(false);
  });

  it('keeps integers, including the largest safe JavaScript integer', async () => {
    const data = await roundTrip('ints', {
      zero: 0,
      neg: -7,
      big: Number.MAX_SAFE_INTEGER,
      small: Number.MIN_SAFE_INTEGER,
    });
    expect(data).toMatchObject({ zero: 0, neg: -7 });
    expect(data.big).toBe(Number.MAX_SAFE_INTEGER);
    expect(data.small).toBe(Number.MIN_SAFE_INTEGER);
  });

  it('keeps the full 64-bit integer range with useBigInt', async () => {
    const db = be.bigIntDb();
    const ref = db.collection('values').doc('int64');
    await ref.set({ max: 2n ** 63n - 1n, min: -(2n ** 63n), beyond53: 2n ** 53n + 1n, small: 42n });
    const data = (await ref.get()).data() ?? {};
    expect(data.max).toBe(9223372036854775807n);
    expect(data.min).toBe(-9223372036854775808n);
    expect(data.beyond53).toBe(9007199254740993n);
    // With useBigInt every integerValue comes back as bigint: the server kept the integer type.
    expect(data.small).toBe(42n);
  });

  it('keeps doubles, NaN, both infinities and negative zero', async () => {
    const data = await roundTrip('doubles', {
      pi: 3.14159,
      nan: NaN,
      inf: Infinity,
      ninf: -Infinity,
      nzero: -0,
      huge: 1.7976931348623157e308,
      tiny: 5e-324,
    });
    expect(data.pi).toBe(3.14159);
    expect(Number.isNaN(data.nan)).toBe(true);
    expect(data.inf).toBe(Infinity);
    expect(data.ninf).toBe(-Infinity);
    expect(Object.is(data.nzero, -0)).toBe(true);
    expect(data.huge).toBe(1.7976931348623157e308);
    expect(data.tiny).toBe(5e-324);
  });

  it('keeps doubles as doubles (a double with an integral value is not turned into an integer)', async () => {
    const db = be.bigIntDb();
    const ref = db.collection('values').doc('double-type');
    // 2^60 is not a safe integer, so the SDK sends it as a doubleValue.
    await ref.set({ d: 2 ** 60, frac: 0.5 });
    const data = (await ref.get()).data() ?? {};
    expect(typeof data.d).toBe('number');
    expect(data.d).toBe(2 ** 60);
    expect(data.frac).toBe(0.5);
  });

  // proto3 leaves a zero field out, so the epoch arrives with no `seconds` at all: production stores
  // it (an app's default date is often `new Date(0)`), and so must the emulator (REST: http-rest).
  it('keeps timestamps whose seconds are zero', async () => {
    const data = await roundTrip('epoch', { date: new Date(0), nanos: new Timestamp(0, 5_000) });
    expect((data.date as Timestamp).toMillis()).toBe(0);
    expect((data.nanos as Timestamp).isEqual(new Timestamp(0, 5_000))).toBe(true);
  });

  it('keeps timestamps to the microsecond and drops the nanoseconds beyond', async () => {
    const micro = new Timestamp(1_700_000_000, 123_456_000);
    const nano = new Timestamp(1_700_000_000, 987_654_321);
    const early = new Timestamp(-62_135_596_800, 0); // 0001-01-01T00:00:00Z, the smallest allowed
    const data = await roundTrip('timestamps', { micro, nano, early, date: new Date(1_234_567) });
    expect((data.micro as Timestamp).isEqual(micro)).toBe(true);
    // Firestore stores timestamps with microsecond precision.
    expect((data.nano as Timestamp).nanoseconds).toBe(987_654_000);
    expect((data.early as Timestamp).seconds).toBe(-62_135_596_800);
    expect(data.date).toBeInstanceOf(Timestamp);
    expect((data.date as Timestamp).toMillis()).toBe(1_234_567);
  });

  it('keeps strings byte for byte', async () => {
    const data = await roundTrip('strings', {
      empty: '',
      unicode: 'Grüße, 日本語, 😀',
      nul: 'a\u0000b',
      long: 'x'.repeat(10_000),
    });
    expect(data.empty).toBe('');
    expect(data.unicode).toBe('Grüße, 日本語, 😀');
    expect(data.nul).toBe('a\u0000b');
    expect(data.long).toBe('x'.repeat(10_000));
  });

  it('keeps bytes', async () => {
    const data = await roundTrip('bytes', {
      b: Buffer.from([0, 1, 2, 127, 128, 255]),
      empty: Buffer.alloc(0),
      u8: new Uint8Array([9, 8, 7]),
    });
    expect(Buffer.isBuffer(data.b)).toBe(true);
    expect([...(data.b as Buffer)]).toEqual([0, 1, 2, 127, 128, 255]);
    expect((data.empty as Buffer).length).toBe(0);
    expect([...(data.u8 as Buffer)]).toEqual([9, 8, 7]);
  });

  it('keeps references and geopoints', async () => {
    const target = be.db.doc('other/doc/sub/leaf');
    const data = await roundTrip('refs', {
      ref: target,
      geo: new GeoPoint(37.7749, -122.4194),
      pole: new GeoPoint(-90, 180),
    });
    expect(data.ref).toBeInstanceOf(DocumentReference);
    expect((data.ref as DocumentReference).path).toBe('other/doc/sub/leaf');
    expect((data.ref as DocumentReference).isEqual(target)).toBe(true);
    expect(data.geo).toBeInstanceOf(GeoPoint);
    expect((data.geo as GeoPoint).isEqual(new GeoPoint(37.7749, -122.4194))).toBe(true);
    expect((data.pole as GeoPoint).latitude).toBe(-90);
    expect((data.pole as GeoPoint).longitude).toBe(180);
  });
});

describe('composite values', () => {
  it('keeps arrays with mixed element types, in order, duplicates included', async () => {
    const data = await roundTrip('arrays', {
      mixed: [1, 'a', null, true, 2.5, { k: 'v' }, 1],
      empty: [],
      ofMaps: [{ inner: [1, 2] }, { inner: [] }],
    });
    expect(data.mixed).toEqual([1, 'a', null, true, 2.5, { k: 'v' }, 1]);
    expect(data.empty).toEqual([]);
    expect(data.ofMaps).toEqual([{ inner: [1, 2] }, { inner: [] }]);
  });

  it('keeps nested maps, empty maps and keys that need quoting in field paths', async () => {
    const data = await roundTrip('maps', {
      a: { b: { c: { d: 'deep' } } },
      empty: {},
      'with.dot': 1,
      'spa ce': 2,
      'back`tick': 3,
      ünï: 4,
      '7': 5,
    });
    expect(data.a).toEqual({ b: { c: { d: 'deep' } } });
    expect(data.empty).toEqual({});
    expect(data['with.dot']).toBe(1);
    expect(data['spa ce']).toBe(2);
    expect(data['back`tick']).toBe(3);
    expect(data['ünï']).toBe(4);
    expect(data['7']).toBe(5);
  });

  it('returns the same values through a query as through a get', async () => {
    const ref = be.db.collection('values-query').doc('one');
    const value = {
      n: null,
      i: 5,
      d: NaN,
      s: 's',
      t: new Timestamp(10, 1000),
      g: new GeoPoint(1, 2),
      a: [{ m: 1 }],
    };
    await ref.set(value);
    const viaQuery = await be.db.collection('values-query').get();
    expect(viaQuery.size).toBe(1);
    const data = viaQuery.docs[0]?.data();
    expect(data?.i).toBe(5);
    expect(Number.isNaN(data?.d)).toBe(true);
    expect((data?.t as Timestamp).isEqual(value.t)).toBe(true);
    expect(data?.a).toEqual([{ m: 1 }]);
  });

  it('reports createTime and updateTime, and a read of a missing document as not existing', async () => {
    const ref = be.db.collection('values').doc('times');
    const write = await ref.set({ x: 1 });
    const snap = await ref.get();
    expect(snap.createTime?.isEqual(write.writeTime)).toBe(true);
    expect(snap.updateTime?.isEqual(write.writeTime)).toBe(true);
    expect(snap.readTime.toMillis()).toBeGreaterThanOrEqual(write.writeTime.toMillis());
    const missing = await be.db.collection('values').doc('never-written').get();
    expect(missing.exists).toBe(false);
    expect(missing.data()).toBeUndefined();
  });
});
