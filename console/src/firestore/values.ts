// Firestore values as the REST API writes them (`{integerValue: "3"}`), shown as a type and a text,
// and typed text parsed back into a value, refusing what is not of its type before anything is sent.

export type FirestoreValue = Record<string, unknown>;

export const TYPES = [
  'string',
  'integer',
  'double',
  'boolean',
  'null',
  'timestamp',
  'geopoint',
  'reference',
  'bytes',
  'map',
  'array',
] as const;
export type ValueType = (typeof TYPES)[number];

const KEYS: Record<string, ValueType> = {
  stringValue: 'string',
  integerValue: 'integer',
  doubleValue: 'double',
  booleanValue: 'boolean',
  nullValue: 'null',
  timestampValue: 'timestamp',
  geoPointValue: 'geopoint',
  referenceValue: 'reference',
  bytesValue: 'bytes',
  mapValue: 'map',
  arrayValue: 'array',
};

export function typeOf(value: FirestoreValue): ValueType {
  const key = Object.keys(value)[0] ?? 'nullValue';
  return KEYS[key] ?? 'null';
}

/** A value as plain JSON: what map and array fields are shown and edited as. */
export function toPlain(value: FirestoreValue): unknown {
  const [key, inner] = Object.entries(value)[0] ?? ['nullValue', null];
  switch (key) {
    case 'integerValue':
      return Number(inner);
    case 'doubleValue':
      return Number(inner);
    case 'nullValue':
      return null;
    case 'mapValue': {
      const fields = (inner as { fields?: Record<string, FirestoreValue> }).fields ?? {};
      return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, toPlain(v)]));
    }
    case 'arrayValue':
      return ((inner as { values?: FirestoreValue[] }).values ?? []).map(toPlain);
    case 'geoPointValue': {
      const g = inner as { latitude?: number; longitude?: number };
      return { latitude: g.latitude ?? 0, longitude: g.longitude ?? 0 };
    }
    case 'referenceValue':
      return shortReference(String(inner));
    default:
      return inner;
  }
}

/** The text a field is shown and edited as, for its type. */
export function toText(value: FirestoreValue): string {
  const type = typeOf(value);
  const plain = toPlain(value);
  if (type === 'map' || type === 'array') return JSON.stringify(plain);
  if (type === 'geopoint') {
    const g = plain as { latitude: number; longitude: number };
    return `${String(g.latitude)}, ${String(g.longitude)}`;
  }
  if (typeof plain === 'string') return plain;
  if (typeof plain === 'number' || typeof plain === 'boolean') return String(plain);
  return JSON.stringify(plain);
}

function shortReference(name: string): string {
  const at = name.indexOf('/documents/');
  return at < 0 ? name : name.slice(at + '/documents/'.length);
}

/** Plain JSON into a value: integers stay integers, objects become maps. */
export function fromPlain(plain: unknown): FirestoreValue {
  if (plain === null) return { nullValue: null };
  if (typeof plain === 'boolean') return { booleanValue: plain };
  if (typeof plain === 'number')
    return Number.isInteger(plain) ? { integerValue: String(plain) } : { doubleValue: plain };
  if (typeof plain === 'string') return { stringValue: plain };
  if (Array.isArray(plain)) return { arrayValue: { values: plain.map(fromPlain) } };
  const fields = Object.fromEntries(
    Object.entries(plain as Record<string, unknown>).map(([k, v]) => [k, fromPlain(v)]),
  );
  return { mapValue: { fields } };
}

export class ValueError extends Error {
  override readonly name = 'ValueError';
}

/**
 * Parses `text` as a value of `type`; throws a ValueError saying what is wrong. `database` is
 * `projects/{p}/databases/(default)`, for references.
 */
export function parseValue(type: ValueType, text: string, database: string): FirestoreValue {
  const trimmed = text.trim();
  switch (type) {
    case 'string':
      return { stringValue: text };
    case 'integer':
      if (!/^-?\d+$/.test(trimmed)) throw new ValueError(`"${text}" is not an integer`);
      if (BigInt(trimmed) > 2n ** 63n - 1n || BigInt(trimmed) < -(2n ** 63n))
        throw new ValueError(`${trimmed} does not fit in a 64-bit integer`);
      return { integerValue: trimmed };
    case 'double': {
      const n = Number(trimmed);
      if (trimmed === '' || Number.isNaN(n)) throw new ValueError(`"${text}" is not a number`);
      return { doubleValue: n };
    }
    case 'boolean':
      if (trimmed !== 'true' && trimmed !== 'false')
        throw new ValueError(`"${text}" is not true or false`);
      return { booleanValue: trimmed === 'true' };
    case 'null':
      return { nullValue: null };
    case 'timestamp': {
      const date = new Date(trimmed);
      if (trimmed === '' || Number.isNaN(date.getTime()))
        throw new ValueError(`"${text}" is not a date and time (2026-01-31T12:00:00Z)`);
      return { timestampValue: date.toISOString() };
    }
    case 'geopoint': {
      const [lat, lng, extra] = trimmed.split(',').map((s) => Number(s.trim()));
      if (
        extra !== undefined ||
        lat === undefined ||
        lng === undefined ||
        !(Math.abs(lat) <= 90) ||
        !(Math.abs(lng) <= 180)
      )
        throw new ValueError(`"${text}" is not "latitude, longitude" (-90…90, -180…180)`);
      return { geoPointValue: { latitude: lat, longitude: lng } };
    }
    case 'reference': {
      const segments = trimmed.split('/').filter((s) => s !== '');
      if (segments.length === 0 || segments.length % 2 !== 0)
        throw new ValueError(`"${text}" is not a document path (collection/doc[/…])`);
      return { referenceValue: `${database}/documents/${segments.join('/')}` };
    }
    case 'bytes':
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(trimmed) || trimmed.length % 4 !== 0)
        throw new ValueError(`"${text}" is not base64`);
      return { bytesValue: trimmed };
    case 'map':
    case 'array': {
      let plain: unknown;
      try {
        plain = JSON.parse(trimmed);
      } catch {
        throw new ValueError(`"${text}" is not JSON`);
      }
      const isArray = Array.isArray(plain);
      const isMap = typeof plain === 'object' && plain !== null && !isArray;
      if (type === 'array' ? !isArray : !isMap)
        throw new ValueError(`"${text}" is not a JSON ${type === 'map' ? 'object' : 'array'}`);
      return fromPlain(plain);
    }
  }
}
