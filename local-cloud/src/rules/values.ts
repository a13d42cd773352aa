// The values a rules expression computes with. Ints are bigints and floats numbers, so `1` and
// `1.0` stay apart as in the rules language; maps, sets, timestamps, durations, lat/lngs, paths and
// map diffs are small classes. An evaluation error is an RError value, not an exception, so `&&`,
// `||` and the ternary can absorb it as the language specifies.
import type { Loc } from './ast.ts';

export type RValue =
  | null
  | boolean
  | bigint
  | number
  | string
  | Uint8Array
  | readonly RValue[]
  | RMap
  | RSet
  | RTimestamp
  | RDuration
  | RLatLng
  | RPath
  | RMapDiff
  | RNamespace;

/** An evaluation error: denies the request unless `&&`/`||` absorb it. */
export class RError {
  readonly message: string;
  readonly loc: Loc | undefined;
  constructor(message: string, loc?: Loc) {
    this.message = message;
    this.loc = loc;
  }
}

export type Result = RValue | RError;

export const isError = (v: unknown): v is RError => v instanceof RError;

/** A map. Lookup is by method so that query proving can answer for fields it only knows from filters. */
export class RMap {
  readonly entries: ReadonlyMap<string, RValue>;
  constructor(entries: ReadonlyMap<string, RValue> | Record<string, RValue>) {
    this.entries = entries instanceof Map ? entries : new Map(Object.entries(entries));
  }
  /** The value at `key`, or an error saying it is missing. */
  get(key: string): Result {
    const v = this.entries.get(key);
    return v === undefined && !this.entries.has(key)
      ? new RError(`Property ${key} is undefined on object.`)
      : (v ?? null);
  }
  has(key: string): boolean {
    return this.entries.has(key);
  }
  keys(): string[] {
    return [...this.entries.keys()];
  }
}

export class RSet {
  readonly items: readonly RValue[];
  constructor(items: readonly RValue[]) {
    const unique: RValue[] = [];
    for (const item of items) if (!unique.some((u) => valuesEqual(u, item))) unique.push(item);
    this.items = unique;
  }
  has(v: RValue): boolean {
    return this.items.some((u) => valuesEqual(u, v));
  }
}

/** Nanoseconds since the epoch (Firestore keeps microseconds; rules arithmetic is in nanos). */
export class RTimestamp {
  readonly nanos: bigint;
  constructor(nanos: bigint) {
    this.nanos = nanos;
  }
  static fromMillis(ms: number): RTimestamp {
    return new RTimestamp(BigInt(Math.round(ms)) * 1_000_000n);
  }
  toMillis(): bigint {
    return this.nanos / 1_000_000n - (this.nanos % 1_000_000n < 0n ? 1n : 0n);
  }
}

export class RDuration {
  readonly nanos: bigint;
  constructor(nanos: bigint) {
    this.nanos = nanos;
  }
}

export class RLatLng {
  readonly latitude: number;
  readonly longitude: number;
  constructor(latitude: number, longitude: number) {
    this.latitude = latitude;
    this.longitude = longitude;
  }
}

/** A path such as /databases/(default)/documents/users/u1, as segments. */
export class RPath {
  readonly segments: readonly string[];
  constructor(segments: readonly string[]) {
    this.segments = segments;
  }
  toString(): string {
    return '/' + this.segments.join('/');
  }
}

/** What `map.diff(other)` returns. */
export class RMapDiff {
  readonly before: RMap;
  readonly after: RMap;
  constructor(after: RMap, before: RMap) {
    this.after = after;
    this.before = before;
  }
}

/** A name such as `math` or `firestore` whose members are functions. */
export class RNamespace {
  readonly name: string;
  constructor(name: string) {
    this.name = name;
  }
}

/** The type name `is` tests against and error messages use. */
export function typeName(v: RValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'float';
  if (typeof v === 'string') return 'string';
  if (v instanceof Uint8Array) return 'bytes';
  if (Array.isArray(v)) return 'list';
  if (v instanceof RMap) return 'map';
  if (v instanceof RSet) return 'set';
  if (v instanceof RTimestamp) return 'timestamp';
  if (v instanceof RDuration) return 'duration';
  if (v instanceof RLatLng) return 'latlng';
  if (v instanceof RPath) return 'path';
  if (v instanceof RMapDiff) return 'map_diff';
  return 'namespace';
}

/** `x is T`: `number` is int or float; other names are the exact type. */
export function isType(v: RValue, type: string): boolean {
  const actual = typeName(v);
  if (type === 'number') return actual === 'int' || actual === 'float';
  if (type === 'boolean') return actual === 'bool';
  return actual === type;
}

const isList = (v: RValue): v is readonly RValue[] => Array.isArray(v);

const isNumber = (v: RValue): v is bigint | number =>
  typeof v === 'bigint' || typeof v === 'number';

/** Numeric comparison across int and float, as the language compares them. */
export function compareNumbers(a: bigint | number, b: bigint | number): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  const x = Number(a);
  const y = Number(b);
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  return x < y ? -1 : x > y ? 1 : 0;
}

export function valuesEqual(a: RValue, b: RValue): boolean {
  if (isNumber(a) && isNumber(b)) return compareNumbers(a, b) === 0;
  if (a === null || b === null) return a === b;
  if (typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (a instanceof Uint8Array && b instanceof Uint8Array)
    return a.length === b.length && a.every((x, i) => x === b[i]);
  if (isList(a) && isList(b))
    return a.length === b.length && a.every((x, i) => valuesEqual(x, b[i] ?? null));
  if (a instanceof RMap && b instanceof RMap) {
    if (a.entries.size !== b.entries.size) return false;
    for (const [k, v] of a.entries) {
      const w = b.entries.get(k);
      if (w === undefined && !b.entries.has(k)) return false;
      if (!valuesEqual(v, w ?? null)) return false;
    }
    return true;
  }
  if (a instanceof RSet && b instanceof RSet)
    return a.items.length === b.items.length && a.items.every((x) => b.has(x));
  if (a instanceof RTimestamp && b instanceof RTimestamp) return a.nanos === b.nanos;
  if (a instanceof RDuration && b instanceof RDuration) return a.nanos === b.nanos;
  if (a instanceof RLatLng && b instanceof RLatLng)
    return a.latitude === b.latitude && a.longitude === b.longitude;
  if (a instanceof RPath && b instanceof RPath)
    return (
      a.segments.length === b.segments.length && a.segments.every((s, i) => s === b.segments[i])
    );
  return false;
}

/**
 * Ordering for `<`, `<=`, `>`, `>=`: numbers, strings, bytes, timestamps and durations, each only
 * against its own kind (int and float together); anything else is an error.
 */
export function compareValues(a: RValue, b: RValue): number | RError {
  if (isNumber(a) && isNumber(b)) return compareNumbers(a, b);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.compare(a, b);
  if (a instanceof RTimestamp && b instanceof RTimestamp)
    return a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0;
  if (a instanceof RDuration && b instanceof RDuration)
    return a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0;
  return new RError(`Cannot compare ${typeName(a)} and ${typeName(b)}.`);
}

/** A value as a denial message or debug() shows it. */
export function show(v: Result): string {
  if (v instanceof RError) return `error(${v.message})`;
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'bigint') return String(v);
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(1) : String(v);
  if (typeof v === 'boolean') return String(v);
  if (v instanceof Uint8Array) return `b'${Buffer.from(v).toString('base64')}'`;
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  if (v instanceof RMap)
    return `{${[...v.entries].map(([k, x]) => `${JSON.stringify(k)}: ${show(x)}`).join(', ')}}`;
  if (v instanceof RSet) return `set([${v.items.map(show).join(', ')}])`;
  if (v instanceof RTimestamp)
    return `timestamp(${new Date(Number(v.nanos / 1_000_000n)).toISOString()})`;
  if (v instanceof RDuration) return `duration(${String(v.nanos)}ns)`;
  if (v instanceof RLatLng) return `latlng(${String(v.latitude)}, ${String(v.longitude)})`;
  if (v instanceof RPath) return `path(${v.toString()})`;
  if (v instanceof RMapDiff) return 'map_diff';
  return (v as RNamespace).name;
}
