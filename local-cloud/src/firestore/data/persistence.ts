import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Store } from './store.ts';
import type { StoredDoc } from './stored-doc.ts';
import type { Value__Output as Value } from '../generated/google/firestore/v1/Value.ts';

interface SnapshotFile {
  format: string;
  version: 1;
  databases: { name: string; documents: SnapshotDoc[] }[];
}

interface SnapshotDoc {
  path: string;
  createMicros: number;
  updateMicros: number;
  fields: Record<string, unknown>;
}

// JSON cannot hold bytes, NaN, ±Infinity or -0; those are written as tagged strings.
function encodeValue(v: Value): unknown {
  if (v.bytesValue !== undefined)
    return { bytesValue: Buffer.from(v.bytesValue).toString('base64') };
  if (v.doubleValue !== undefined) {
    const d = v.doubleValue;
    if (!Number.isFinite(d) || Object.is(d, -0))
      return { doubleValue: Object.is(d, -0) ? '-0' : String(d) };
    return { doubleValue: d };
  }
  if (v.arrayValue) return { arrayValue: { values: (v.arrayValue.values ?? []).map(encodeValue) } };
  if (v.mapValue) return { mapValue: { fields: encodeFields(v.mapValue.fields ?? {}) } };
  return v;
}

function encodeFields(fields: Record<string, Value>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) out[k] = encodeValue(v);
  return out;
}

function decodeValue(raw: unknown): Value {
  const v = raw as Value & { bytesValue?: unknown; doubleValue?: unknown };
  if (typeof v.bytesValue === 'string') return { bytesValue: Buffer.from(v.bytesValue, 'base64') };
  if (typeof v.doubleValue === 'string')
    return { doubleValue: v.doubleValue === '-0' ? -0 : Number(v.doubleValue) };
  if (v.arrayValue) return { arrayValue: { values: (v.arrayValue.values ?? []).map(decodeValue) } };
  if (v.mapValue) return { mapValue: { fields: decodeFields(v.mapValue.fields ?? {}) } };
  return v;
}

function decodeFields(fields: Record<string, unknown>): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const [k, v] of Object.entries(fields)) out[k] = decodeValue(v);
  return out;
}

export async function saveSnapshot(store: Store, file: string): Promise<void> {
  const data: SnapshotFile = { format: 'local-cloud-firestore', version: 1, databases: [] };
  for (const [name, db] of store.databases) {
    const documents: SnapshotDoc[] = [];
    for (const doc of db.docs.values()) {
      documents.push({
        path: doc.path,
        createMicros: doc.createMicros,
        updateMicros: doc.updateMicros,
        fields: encodeFields(doc.fields),
      });
    }
    data.databases.push({ name, documents });
  }
  await mkdir(path.dirname(file), { recursive: true });
  // Write then rename so a crash mid-write never leaves a truncated snapshot behind.
  const tmp = `${file}.${String(process.pid)}.tmp`;
  await writeFile(tmp, JSON.stringify(data));
  await rename(tmp, file);
}

/** Replaces the store's contents with the snapshot; returns the latest update time in it. */
export async function loadSnapshot(store: Store, file: string): Promise<number> {
  const data = JSON.parse(await readFile(file, 'utf8')) as SnapshotFile;
  if (data.format !== 'local-cloud-firestore')
    throw new Error(`${file} is not a local-cloud Firestore snapshot.`);
  store.clear();
  let latest = 0;
  for (const { name, documents } of data.databases) {
    const db = store.database(name);
    for (const d of documents) {
      const doc: StoredDoc = {
        path: d.path,
        createMicros: d.createMicros,
        updateMicros: d.updateMicros,
        fields: decodeFields(d.fields),
      };
      db.put(doc, d.updateMicros);
      latest = Math.max(latest, d.updateMicros);
    }
  }
  return latest;
}
