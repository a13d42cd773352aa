import { invalid } from './errors.ts';
import type { Timestamp__Output as Timestamp } from '../generated/google/protobuf/Timestamp.ts';
import type { Value__Output as Value } from '../generated/google/firestore/v1/Value.ts';

// Firestore's cross-type order: null < bool < number < timestamp < string < bytes < reference
// < geo point < array < vector < map.
const TYPE_ORDER = {
  null: 0,
  boolean: 1,
  number: 2,
  timestamp: 3,
  string: 4,
  bytes: 5,
  reference: 6,
  geo: 7,
  array: 8,
  vector: 9,
  map: 10,
} as const;

export type ValueKind =
  | 'null'
  | 'boolean'
  | 'integer'
  | 'double'
  | 'timestamp'
  | 'string'
  | 'bytes'
  | 'reference'
  | 'geo'
  | 'array'
  | 'map';

export const MAX_DEPTH = 20;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

export function kindOf(v: Value): ValueKind {
  if (v.valueType !== undefined) return kindFromKey(v.valueType);
  for (const key of Object.keys(v)) {
    if ((v as Record<string, unknown>)[key] !== undefined) return kindFromKey(key);
  }
  throw invalid('A value has no value type set.');
}

function kindFromKey(key: string): ValueKind {
  switch (key) {
    case 'nullValue':
      return 'null';
    case 'booleanValue':
      return 'boolean';
    case 'integerValue':
      return 'integer';
    case 'doubleValue':
      return 'double';
    case 'timestampValue':
      return 'timestamp';
    case 'stringValue':
      return 'string';
    case 'bytesValue':
      return 'bytes';
    case 'referenceValue':
      return 'reference';
    case 'geoPointValue':
      return 'geo';
    case 'arrayValue':
      return 'array';
    case 'mapValue':
      return 'map';
    default:
      throw invalid(`Unsupported value type ${key}.`);
  }
}

export const NULL: Value = { nullValue: 'NULL_VALUE' };
export const doubleValue = (n: number): Value => ({ doubleValue: n });

export function timestampFromMicros(micros: number): Timestamp {
  const seconds = Math.floor(micros / 1e6);
  return { seconds: String(seconds), nanos: (micros - seconds * 1e6) * 1000 };
}

export function microsFromTimestamp(ts: Timestamp | null | undefined): number {
  if (!ts) return 0;
  return Number(ts.seconds ?? 0) * 1e6 + Math.floor((ts.nanos ?? 0) / 1000);
}

/**
 * Validates and canonicalizes a client value: one key, int64 as string, timestamps truncated to
 * microseconds (what production stores), maps and arrays no deeper than 20 levels.
 */
export function normalizeValue(v: Value, depth = 1): Value {
  if (depth > MAX_DEPTH)
    throw invalid('Value nested too deeply: maps and arrays allow a depth of 20.');
  const kind = kindOf(v);
  switch (kind) {
    case 'null':
      return NULL;
    case 'boolean':
      return { booleanValue: v.booleanValue === true };
    case 'integer': {
      const n = BigInt(v.integerValue ?? 0);
      if (n < INT64_MIN || n > INT64_MAX) throw invalid('Integer value out of int64 range.');
      return { integerValue: n.toString() };
    }
    case 'double':
      return { doubleValue: v.doubleValue ?? 0 };
    case 'timestamp': {
      const ts = v.timestampValue ?? {};
      const seconds = Number(ts.seconds ?? 0);
      const nanos = ts.nanos ?? 0;
      if (!Number.isSafeInteger(seconds) || seconds < -62135596800 || seconds > 253402300799)
        throw invalid('Timestamp seconds out of range.');
      if (nanos < 0 || nanos > 999_999_999) throw invalid('Timestamp nanos out of range.');
      return {
        timestampValue: { seconds: String(seconds), nanos: Math.floor(nanos / 1000) * 1000 },
      };
    }
    case 'string':
      return { stringValue: v.stringValue ?? '' };
    case 'bytes':
      return { bytesValue: Buffer.from(v.bytesValue ?? new Uint8Array()) };
    case 'reference':
      return { referenceValue: v.referenceValue ?? '' };
    case 'geo': {
      const latitude = v.geoPointValue?.latitude ?? 0;
      const longitude = v.geoPointValue?.longitude ?? 0;
      if (!(latitude >= -90 && latitude <= 90) || !(longitude >= -180 && longitude <= 180))
        throw invalid('Geo point latitude must be in [-90, 90] and longitude in [-180, 180].');
      return { geoPointValue: { latitude, longitude } };
    }
    case 'array':
      return {
        arrayValue: {
          values: (v.arrayValue?.values ?? []).map((e) => normalizeValue(e, depth + 1)),
        },
      };
    case 'map':
      return { mapValue: { fields: normalizeFields(v.mapValue?.fields ?? {}, depth + 1) } };
  }
}

export function normalizeFields(fields: Record<string, Value>, depth = 1): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const [key, value] of Object.entries(fields)) out[key] = normalizeValue(value, depth);
  return out;
}

function typeOrder(v: Value): number {
  const kind = kindOf(v);
  switch (kind) {
    case 'integer':
    case 'double':
      return TYPE_ORDER.number;
    case 'map':
      return isVector(v) ? TYPE_ORDER.vector : TYPE_ORDER.map;
    default:
      return TYPE_ORDER[kind];
  }
}

function isVector(v: Value): boolean {
  return v.mapValue?.fields?.__type__?.stringValue === '__vector__';
}

/** True when both values sort in the same type class (int and double share one). */
export function sameTypeOrder(a: Value, b: Value): boolean {
  return typeOrder(a) === typeOrder(b);
}

export function isNumber(v: Value): boolean {
  const kind = kindOf(v);
  return kind === 'integer' || kind === 'double';
}

export function isNaNValue(v: Value): boolean {
  return kindOf(v) === 'double' && Number.isNaN(v.doubleValue);
}

const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);

function compareNumbers(a: Value, b: Value): number {
  const aInt = a.integerValue !== undefined;
  const bInt = b.integerValue !== undefined;
  if (aInt && bInt) {
    const x = BigInt(a.integerValue ?? 0);
    const y = BigInt(b.integerValue ?? 0);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (!aInt && !bInt) return compareDoubles(a.doubleValue ?? 0, b.doubleValue ?? 0);
  return aInt
    ? -compareDoubleToInt(b.doubleValue ?? 0, BigInt(a.integerValue ?? 0))
    : compareDoubleToInt(a.doubleValue ?? 0, BigInt(b.integerValue ?? 0));
}

function compareDoubles(x: number, y: number): number {
  if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : -1;
  if (Number.isNaN(y)) return 1;
  return sign(x - y) || (x === y ? 0 : sign(x - y));
}

function compareDoubleToInt(d: number, i: bigint): number {
  if (Number.isNaN(d)) return -1;
  if (d === Infinity) return 1;
  if (d === -Infinity) return -1;
  const c = compareDoubles(d, Number(i));
  if (c !== 0) return c;
  // Both round to the same double: compare exactly on the integer part, then the fraction.
  const whole = BigInt(Math.trunc(d));
  if (whole !== i) return whole < i ? -1 : 1;
  const frac = d - Math.trunc(d);
  return sign(frac);
}

function compareTimestamps(a: Timestamp, b: Timestamp): number {
  const s = compareDoubles(Number(a.seconds ?? 0), Number(b.seconds ?? 0));
  return s !== 0 ? s : sign((a.nanos ?? 0) - (b.nanos ?? 0));
}

/** Compares strings by their UTF-8 bytes, as Firestore does (differs from UTF-16 order). */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    // A surrogate encodes a code point above U+FFFF, which sorts after any BMP code point in UTF-8.
    if (xs !== ys) return xs ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return sign(a.length - b.length);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

const NUMERIC_ID = /^__id(-?\d+)__$/;

/** Document ids: numeric ids (`__id123__`) sort first, by value; then strings by UTF-8 bytes. */
export function compareSegments(a: string, b: string): number {
  if (a === b) return 0;
  const na = NUMERIC_ID.exec(a);
  const nb = NUMERIC_ID.exec(b);
  if (na && nb) {
    const x = BigInt(na[1] ?? 0);
    const y = BigInt(nb[1] ?? 0);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (na) return -1;
  if (nb) return 1;
  return compareUtf8(a, b);
}

export function comparePaths(a: string, b: string): number {
  if (a === b) return 0;
  const as = a.split('/');
  const bs = b.split('/');
  const n = Math.min(as.length, bs.length);
  for (let i = 0; i < n; i++) {
    const c = compareSegments(as[i] ?? '', bs[i] ?? '');
    if (c !== 0) return c;
  }
  return sign(as.length - bs.length);
}

export function compareValues(a: Value, b: Value): number {
  const ta = typeOrder(a);
  const tb = typeOrder(b);
  if (ta !== tb) return sign(ta - tb);
  switch (kindOf(a)) {
    case 'null':
      return 0;
    case 'boolean':
      return sign(Number(a.booleanValue) - Number(b.booleanValue));
    case 'integer':
    case 'double':
      return compareNumbers(a, b);
    case 'timestamp':
      return compareTimestamps(a.timestampValue ?? {}, b.timestampValue ?? {});
    case 'string':
      return compareUtf8(a.stringValue ?? '', b.stringValue ?? '');
    case 'bytes':
      return compareBytes(a.bytesValue ?? new Uint8Array(), b.bytesValue ?? new Uint8Array());
    case 'reference':
      return comparePaths(a.referenceValue ?? '', b.referenceValue ?? '');
    case 'geo': {
      const c = compareDoubles(a.geoPointValue?.latitude ?? 0, b.geoPointValue?.latitude ?? 0);
      return c !== 0
        ? c
        : compareDoubles(a.geoPointValue?.longitude ?? 0, b.geoPointValue?.longitude ?? 0);
    }
    case 'array':
      return compareArrays(a.arrayValue?.values ?? [], b.arrayValue?.values ?? []);
    case 'map':
      return ta === TYPE_ORDER.vector ? compareVectors(a, b) : compareMaps(a, b);
  }
}

function compareArrays(a: Value[], b: Value[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareValues(a[i] ?? NULL, b[i] ?? NULL);
    if (c !== 0) return c;
  }
  return sign(a.length - b.length);
}

function compareVectors(a: Value, b: Value): number {
  const av = a.mapValue?.fields?.value?.arrayValue?.values ?? [];
  const bv = b.mapValue?.fields?.value?.arrayValue?.values ?? [];
  return av.length !== bv.length ? sign(av.length - bv.length) : compareArrays(av, bv);
}

function compareMaps(a: Value, b: Value): number {
  const af = a.mapValue?.fields ?? {};
  const bf = b.mapValue?.fields ?? {};
  const ak = Object.keys(af).sort(compareUtf8);
  const bk = Object.keys(bf).sort(compareUtf8);
  const n = Math.min(ak.length, bk.length);
  for (let i = 0; i < n; i++) {
    const ka = ak[i] ?? '';
    const kb = bk[i] ?? '';
    const c = compareUtf8(ka, kb);
    if (c !== 0) return c;
    const v = compareValues(af[ka] ?? NULL, bf[kb] ?? NULL);
    if (v !== 0) return v;
  }
  return sign(ak.length - bk.length);
}

/** Query equality: 1 == 1.0, -0 == 0, NaN == NaN (used by IN, array-contains, transforms). */
export function valuesEqual(a: Value, b: Value): boolean {
  return compareValues(a, b) === 0;
}

/** Storage identity: distinguishes int from double and -0 from 0, so no-op writes are exact. */
export function valuesIdentical(a: Value, b: Value): boolean {
  const ka = kindOf(a);
  if (ka !== kindOf(b)) return false;
  if (ka === 'double') return Object.is(a.doubleValue, b.doubleValue);
  if (ka === 'array') {
    const x = a.arrayValue?.values ?? [];
    const y = b.arrayValue?.values ?? [];
    return x.length === y.length && x.every((v, i) => valuesIdentical(v, y[i] ?? NULL));
  }
  if (ka === 'map') return fieldsIdentical(a.mapValue?.fields ?? {}, b.mapValue?.fields ?? {});
  return compareValues(a, b) === 0;
}

export function fieldsIdentical(a: Record<string, Value>, b: Record<string, Value>): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => {
    const bv = b[k];
    const av = a[k];
    return av !== undefined && bv !== undefined && valuesIdentical(av, bv);
  });
}

// Storage size per https://firebase.google.com/docs/firestore/storage-size
const utf8Len = (s: string): number => Buffer.byteLength(s, 'utf8');

export function documentNameSize(path: string): number {
  return path.split('/').reduce((n, seg) => n + utf8Len(seg) + 1, 16);
}

export function valueSize(v: Value): number {
  switch (kindOf(v)) {
    case 'null':
    case 'boolean':
      return 1;
    case 'integer':
    case 'double':
    case 'timestamp':
      return 8;
    case 'string':
      return utf8Len(v.stringValue ?? '') + 1;
    case 'bytes':
      return (v.bytesValue ?? new Uint8Array()).length;
    case 'reference':
      return documentNameSize((v.referenceValue ?? '').replace(/^.*?\/documents\//, ''));
    case 'geo':
      return 16;
    case 'array':
      return (v.arrayValue?.values ?? []).reduce((n, e) => n + valueSize(e), 0);
    case 'map':
      return fieldsSize(v.mapValue?.fields ?? {});
  }
}

export function fieldsSize(fields: Record<string, Value>): number {
  let n = 0;
  for (const [k, v] of Object.entries(fields)) n += utf8Len(k) + 1 + valueSize(v);
  return n;
}

export const MAX_DOCUMENT_BYTES = 1_048_576;

export function documentSize(path: string, fields: Record<string, Value>): number {
  return documentNameSize(path) + fieldsSize(fields) + 32;
}

export function checkDocumentSize(path: string, fields: Record<string, Value>): void {
  const size = documentSize(path, fields);
  if (size > MAX_DOCUMENT_BYTES)
    throw invalid(
      `Document '${path}' cannot be written because its size (${size.toLocaleString('en-US')} bytes) exceeds the maximum allowed size of 1,048,576 bytes.`,
    );
}

export function checkDepth(fields: Record<string, Value>, depth = 1): void {
  for (const v of Object.values(fields)) {
    if (depth > MAX_DEPTH)
      throw invalid('Value nested too deeply: maps and arrays allow a depth of 20.');
    if (v.mapValue) checkDepth(v.mapValue.fields ?? {}, depth + 1);
    if (v.arrayValue) for (const e of v.arrayValue.values ?? []) checkDepth({ e }, depth + 1);
  }
}

export const INT64 = { min: INT64_MIN, max: INT64_MAX };
