// Firestore documents as the rules see them: a document is `{data, id, __name__}`, its fields
// rules values (integers as ints, doubles as floats, references as paths).
import type { StoredDoc } from '../../firestore/data/stored-doc.ts';
import type { Value__Output as Value } from '../../firestore/generated/google/firestore/v1/Value.ts';
import { RError, RLatLng, RMap, RPath, RTimestamp } from '../values.ts';
import type { RValue } from '../values.ts';

export function fromFirestore(v: Value): RValue {
  if (v.nullValue !== undefined) return null;
  if (v.booleanValue !== undefined) return v.booleanValue;
  if (v.integerValue !== undefined) return BigInt(v.integerValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.timestampValue !== undefined) return timestampOf(v.timestampValue);
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.bytesValue !== undefined) return Uint8Array.from(v.bytesValue);
  if (v.referenceValue !== undefined) return referencePath(v.referenceValue);
  if (v.geoPointValue !== undefined)
    return new RLatLng(v.geoPointValue.latitude ?? 0, v.geoPointValue.longitude ?? 0);
  if (v.arrayValue !== undefined) return (v.arrayValue.values ?? []).map(fromFirestore);
  if (v.mapValue !== undefined) return fieldsMap(v.mapValue.fields ?? {});
  return null;
}

function timestampOf(ts: { seconds?: string | number; nanos?: number }): RTimestamp {
  return new RTimestamp(BigInt(ts.seconds ?? 0) * 1_000_000_000n + BigInt(ts.nanos ?? 0));
}

/** A timestamp from Firestore's stored microseconds. */
export function timestampFromMicros(micros: number): RTimestamp {
  return new RTimestamp(BigInt(micros) * 1000n);
}

export function fieldsMap(fields: Record<string, Value>): RMap {
  return new RMap(new Map(Object.entries(fields).map(([k, v]) => [k, fromFirestore(v)])));
}

/** `projects/p/databases/d/documents/a/b` → the rules path /databases/d/documents/a/b. */
function referencePath(name: string): RPath {
  const segments = name.split('/');
  return new RPath(segments.slice(2));
}

/** The rules path of a document: /databases/{database}/documents/{path}. */
export function documentPath(database: string, path: string): RPath {
  return new RPath(['databases', database, 'documents', ...path.split('/')]);
}

/** `resource` (or `request.resource`, or what get() returns) for a stored document. */
export function resourceOf(database: string, doc: StoredDoc): RMap {
  const segments = doc.path.split('/');
  return new RMap({
    data: fieldsMap(doc.fields),
    id: segments.at(-1) ?? '',
    __name__: documentPath(database, doc.path),
  });
}

/** `/databases/{d}/documents/{path}` → the database and document path, or why it is not one. */
export function documentOfPath(path: RPath): { database: string; docPath: string } | RError {
  const segs = path.segments;
  if (
    segs[0] !== 'databases' ||
    segs[2] !== 'documents' ||
    segs.length < 5 ||
    segs.length % 2 === 0
  )
    return new RError(
      `${path.toString()} is not a document path under /databases/{database}/documents.`,
    );
  return { database: segs[1] ?? '', docPath: segs.slice(3).join('/') };
}
