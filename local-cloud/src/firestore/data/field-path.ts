import { invalid } from './errors.ts';
import type { Value__Output as Value } from '../generated/google/firestore/v1/Value.ts';

const SIMPLE = /^[_a-zA-Z][_a-zA-Z0-9]*$/;
export const DOCUMENT_ID = '__name__';

/** Splits a field path such as a.`b.c`.d into segments; back-quoted segments may hold any chars. */
export function parseFieldPath(path: string): string[] {
  if (path === '') throw invalid('Invalid field path: the path is empty.');
  const segments: string[] = [];
  let current = '';
  let quoted = false;
  let wasQuoted = false;
  for (let i = 0; i < path.length; i++) {
    const c = path[i] ?? '';
    if (quoted) {
      if (c === '\\') {
        const next = path[i + 1];
        if (next === undefined) throw invalid(`Invalid field path '${path}': trailing escape.`);
        current += next;
        i++;
      } else if (c === '`') {
        quoted = false;
      } else {
        current += c;
      }
    } else if (c === '`') {
      if (current !== '') throw invalid(`Invalid field path '${path}'.`);
      quoted = true;
      wasQuoted = true;
    } else if (c === '.') {
      pushSegment(path, segments, current, wasQuoted);
      current = '';
      wasQuoted = false;
    } else {
      current += c;
    }
  }
  if (quoted) throw invalid(`Invalid field path '${path}': unterminated back quote.`);
  pushSegment(path, segments, current, wasQuoted);
  return segments;
}

function pushSegment(path: string, segments: string[], segment: string, quoted: boolean): void {
  if (segment === '') throw invalid(`Invalid field path '${path}': empty segment.`);
  if (!quoted && !SIMPLE.test(segment))
    throw invalid(`Invalid field path '${path}': '${segment}' must be back-quoted.`);
  segments.push(segment);
}

export function formatFieldPath(segments: readonly string[]): string {
  return segments
    .map((s) => (SIMPLE.test(s) ? s : '`' + s.replace(/\\/g, '\\\\').replace(/`/g, '\\`') + '`'))
    .join('.');
}

export function getField(
  fields: Record<string, Value>,
  segments: readonly string[],
): Value | undefined {
  let current: Record<string, Value> = fields;
  for (let i = 0; i < segments.length; i++) {
    const v: Value | undefined = current[segments[i] ?? ''];
    if (v === undefined) return undefined;
    if (i === segments.length - 1) return v;
    if (!v.mapValue) return undefined;
    current = v.mapValue.fields ?? {};
  }
  return undefined;
}

/** Sets a value at a path, creating (or replacing non-map values with) intermediate maps. */
export function setField(
  fields: Record<string, Value>,
  segments: readonly string[],
  value: Value,
): void {
  let current = fields;
  for (let i = 0; i < segments.length - 1; i++) {
    const key = segments[i] ?? '';
    let next = current[key];
    if (!next?.mapValue) {
      next = { mapValue: { fields: {} } };
      current[key] = next;
    }
    next.mapValue ??= { fields: {} };
    next.mapValue.fields ??= {};
    current = next.mapValue.fields;
  }
  current[segments[segments.length - 1] ?? ''] = value;
}

export function deleteField(fields: Record<string, Value>, segments: readonly string[]): void {
  let current: Record<string, Value> = fields;
  for (let i = 0; i < segments.length - 1; i++) {
    const next = current[segments[i] ?? ''];
    if (!next?.mapValue?.fields) return;
    current = next.mapValue.fields;
  }
  // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- field names are data
  delete current[segments[segments.length - 1] ?? ''];
}

/** Deep copy of stored fields; values are immutable once stored, but maps get written into. */
export function cloneFields(fields: Record<string, Value>): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const [k, v] of Object.entries(fields)) out[k] = cloneValue(v);
  return out;
}

function cloneValue(v: Value): Value {
  if (v.mapValue) return { mapValue: { fields: cloneFields(v.mapValue.fields ?? {}) } };
  if (v.arrayValue) return { arrayValue: { values: (v.arrayValue.values ?? []).map(cloneValue) } };
  return v;
}

/** Keeps only the masked paths (a read mask / projection). */
export function projectFields(
  fields: Record<string, Value>,
  paths: readonly (readonly string[])[],
): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const p of paths) {
    const v = getField(fields, p);
    if (v !== undefined) setField(out, p, v);
  }
  return out;
}

/** Reserved names (`__x__`) may not be written as field names. */
export function validateWritableFieldNames(fields: Record<string, Value>): void {
  for (const [k, v] of Object.entries(fields)) {
    if (/^__.*__$/.test(k)) throw invalid(`Field name '${k}' is reserved.`);
    if (k === '') throw invalid('Field names may not be empty.');
    if (Buffer.byteLength(k) > 1500)
      throw invalid(`Field name '${k.slice(0, 20)}...' exceeds 1,500 bytes.`);
    if (v.mapValue && v.mapValue.fields?.__type__ === undefined)
      validateWritableFieldNames(v.mapValue.fields ?? {});
  }
}
