import { describe, expect, it } from 'vitest';
import type { Value__Output as Value } from '../generated/google/firestore/v1/Value.ts';
import {
  checkDocumentSize,
  compareSegments,
  compareUtf8,
  compareValues,
  normalizeValue,
  valuesEqual,
} from './values.ts';
import { valueKey } from './value-key.ts';

const int = (n: string | number): Value => ({ integerValue: String(n) });
const dbl = (n: number): Value => ({ doubleValue: n });
const str = (s: string): Value => ({ stringValue: s });

describe('value ordering', () => {
  it('orders types as Firestore does', () => {
    const ascending: Value[] = [
      { nullValue: 'NULL_VALUE' },
      { booleanValue: false },
      { booleanValue: true },
      dbl(NaN),
      dbl(-Infinity),
      int(-1),
      dbl(0.5),
      int(1),
      dbl(Infinity),
      { timestampValue: { seconds: '0', nanos: 1000 } },
      str('a'),
      str('b'),
      { bytesValue: Buffer.from([0]) },
      { referenceValue: 'projects/p/databases/d/documents/a/b' },
      { geoPointValue: { latitude: 0, longitude: 0 } },
      { arrayValue: { values: [] } },
      {
        mapValue: {
          fields: { __type__: str('__vector__'), value: { arrayValue: { values: [dbl(1)] } } },
        },
      },
      { mapValue: { fields: {} } },
    ];
    for (let i = 0; i + 1 < ascending.length; i++) {
      expect(compareValues(ascending[i] as Value, ascending[i + 1] as Value), `index ${i}`).toBe(
        -1,
      );
      expect(compareValues(ascending[i + 1] as Value, ascending[i] as Value)).toBe(1);
    }
  });

  it('compares int64 and doubles exactly, beyond 2^53', () => {
    expect(valuesEqual(int(1), dbl(1))).toBe(true);
    expect(valuesEqual(dbl(-0), dbl(0))).toBe(true);
    expect(compareValues(int('9007199254740993'), dbl(9007199254740992))).toBe(1);
    expect(compareValues(int('9223372036854775807'), dbl(2 ** 63))).toBe(-1);
    expect(valueKey(int(1))).toBe(valueKey(dbl(1)));
    expect(valueKey(dbl(-0))).toBe(valueKey(int(0)));
  });

  it('compares strings by UTF-8 bytes and document ids with numeric ids first', () => {
    expect(compareUtf8('\uFFFF', '\u{1F600}')).toBe(-1);
    expect(compareSegments('__id5__', '__id10__')).toBe(-1);
    expect(compareSegments('__id99__', 'a')).toBe(-1);
  });

  it('compares maps key by key, then by size', () => {
    const m = (fields: Record<string, Value>): Value => ({ mapValue: { fields } });
    expect(compareValues(m({ a: int(1) }), m({ a: int(1), b: int(0) }))).toBe(-1);
    expect(compareValues(m({ b: int(0) }), m({ a: int(9) }))).toBe(1);
  });
});

describe('value limits', () => {
  it('truncates timestamps to microseconds', () => {
    expect(normalizeValue({ timestampValue: { seconds: '1', nanos: 123456789 } })).toEqual({
      timestampValue: { seconds: '1', nanos: 123456000 },
    });
  });

  it('rejects nesting deeper than 20 and documents over 1 MiB', () => {
    let deep: Value = int(1);
    for (let i = 0; i < 20; i++) deep = { mapValue: { fields: { a: deep } } };
    expect(() => normalizeValue(deep)).toThrow(/depth/);
    expect(() => {
      checkDocumentSize('c/d', { s: str('x'.repeat(1_048_576)) });
    }).toThrow(/exceeds/);
    expect(() => {
      checkDocumentSize('c/d', { s: str('x'.repeat(1_000_000)) });
    }).not.toThrow();
  });
});
