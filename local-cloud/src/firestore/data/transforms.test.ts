import { describe, expect, it } from 'vitest';
import { applyTransform } from './transforms.ts';
import type { _google_firestore_v1_DocumentTransform_FieldTransform__Output as FieldTransform } from '../generated/google/firestore/v1/DocumentTransform.ts';
import type { Value__Output as Value } from '../generated/google/firestore/v1/Value.ts';

const int = (n: string | number): Value => ({ integerValue: String(n) });
const dbl = (n: number): Value => ({ doubleValue: n });
const run = (t: FieldTransform, current?: Value): Value =>
  applyTransform({ fieldPath: 'f', ...t }, current, 5_000_000);

describe('field transforms', () => {
  it('increments ints exactly, saturating at int64 bounds, and switches to double on a double', () => {
    expect(run({ increment: int(2) }, int(3))).toEqual(int(5));
    expect(run({ increment: int(1) }, int('9223372036854775807'))).toEqual(
      int('9223372036854775807'),
    );
    expect(run({ increment: int(-5) }, int('-9223372036854775807'))).toEqual(
      int('-9223372036854775808'),
    );
    expect(run({ increment: dbl(0.5) }, int(1))).toEqual(dbl(1.5));
    expect(run({ increment: int(7) }, { stringValue: 'x' })).toEqual(int(7));
    expect(run({ increment: int(7) })).toEqual(int(7));
  });

  it('keeps the stored value on ties for maximum/minimum and lets NaN win', () => {
    expect(run({ maximum: dbl(3) }, int(3))).toEqual(int(3));
    expect(run({ maximum: dbl(4) }, int(3))).toEqual(dbl(4));
    expect(run({ minimum: int(1) }, dbl(2.5))).toEqual(int(1));
    expect(run({ maximum: dbl(NaN) }, int(3))).toEqual(dbl(NaN));
    expect(run({ minimum: int(1) }, dbl(NaN))).toEqual(dbl(NaN));
  });

  it('appends missing elements and removes all equal ones (1 == 1.0)', () => {
    const arr = (...values: Value[]): Value => ({ arrayValue: { values } });
    expect(
      run({ appendMissingElements: { values: [dbl(1), int(2), int(2)] } }, arr(int(1))),
    ).toEqual(arr(int(1), int(2)));
    expect(run({ removeAllFromArray: { values: [dbl(1)] } }, arr(int(1), int(2), int(1)))).toEqual(
      arr(int(2)),
    );
    expect(run({ removeAllFromArray: { values: [int(1)] } }, int(1))).toEqual(arr());
  });

  it('sets server timestamps to the commit time', () => {
    expect(run({ setToServerValue: 'REQUEST_TIME' })).toEqual({
      timestampValue: { seconds: '5', nanos: 0 },
    });
  });
});
