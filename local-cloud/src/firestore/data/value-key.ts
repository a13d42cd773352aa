import { compareUtf8, kindOf } from './values.ts';
import type { Value__Output as Value } from '../generated/google/firestore/v1/Value.ts';

/**
 * A string that is equal for two values exactly when Firestore's query equality holds
 * (1 == 1.0, -0 == 0), so equality filters can be answered from a hash index.
 */
export function valueKey(v: Value): string {
  switch (kindOf(v)) {
    case 'null':
      return 'z';
    case 'boolean':
      return v.booleanValue ? 'b1' : 'b0';
    case 'integer':
      return 'n' + BigInt(v.integerValue ?? 0).toString();
    case 'double': {
      const d = v.doubleValue ?? 0;
      if (Number.isInteger(d) && Math.abs(d) < 2 ** 64) return 'n' + BigInt(d).toString();
      return 'n' + String(d);
    }
    case 'timestamp':
      return `t${String(v.timestampValue?.seconds ?? 0)}.${v.timestampValue?.nanos ?? 0}`;
    case 'string':
      return 's' + (v.stringValue ?? '');
    case 'bytes':
      return 'y' + Buffer.from(v.bytesValue ?? new Uint8Array()).toString('base64');
    case 'reference':
      return 'r' + (v.referenceValue ?? '');
    case 'geo':
      return `g${v.geoPointValue?.latitude ?? 0},${v.geoPointValue?.longitude ?? 0}`;
    case 'array':
      return 'a[' + (v.arrayValue?.values ?? []).map(valueKey).join('\u0000') + ']';
    case 'map': {
      const fields = v.mapValue?.fields ?? {};
      const keys = Object.keys(fields).sort(compareUtf8);
      return (
        'm{' +
        keys
          .map((k) => `${JSON.stringify(k)}:${valueKey(fields[k] ?? { nullValue: 'NULL_VALUE' })}`)
          .join('\u0000') +
        '}'
      );
    }
  }
}
