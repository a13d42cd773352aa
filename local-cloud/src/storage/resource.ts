import { conditionNotMet, invalid } from './errors.ts';
import type { ObjectPatch, ObjectRecord, Preconditions, StorageObjectMetadata } from './types.ts';

export const DOWNLOAD_TOKENS_KEY = 'firebaseStorageDownloadTokens';

const STRING_FIELDS = [
  'contentType',
  'cacheControl',
  'contentDisposition',
  'contentEncoding',
  'contentLanguage',
] as const;

export function toResource(record: ObjectRecord, baseUrl: string): StorageObjectMetadata {
  const encodedName = encodeURIComponent(record.name);
  return {
    kind: 'storage#object',
    id: `${record.bucket}/${record.name}/${record.generation}`,
    selfLink: `${baseUrl}/storage/v1/b/${record.bucket}/o/${encodedName}`,
    mediaLink: `${baseUrl}/download/storage/v1/b/${record.bucket}/o/${encodedName}?generation=${record.generation}&alt=media`,
    ...record,
    etag: etagOf(record),
  };
}

export function etagOf(record: ObjectRecord): string {
  return Buffer.from(`${record.generation}/${record.metageneration}`).toString('base64');
}

/** The Firebase Storage REST shape: custom metadata without the token key, tokens beside it. */
export function toFirebaseMetadata(record: ObjectRecord): Record<string, unknown> {
  const { metadata, ...rest } = record;
  const { [DOWNLOAD_TOKENS_KEY]: tokens, ...custom } = metadata ?? {};
  return {
    ...rest,
    etag: etagOf(record),
    downloadTokens: tokens,
    ...(Object.keys(custom).length > 0 ? { metadata: custom } : {}),
  };
}

export function downloadTokensOf(record: ObjectRecord): string[] {
  const raw = record.metadata?.[DOWNLOAD_TOKENS_KEY];
  return raw ? raw.split(',').filter((t) => t.length > 0) : [];
}

/** Reads the writable fields from a request body, ignoring everything else (acl, name, ...). */
export function readPatch(body: unknown): ObjectPatch {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return {};
  const source = body as Record<string, unknown>;
  const patch: ObjectPatch = {};
  for (const field of STRING_FIELDS) {
    const value = source[field];
    if (value === null) patch[field] = null;
    else if (value !== undefined) patch[field] = asString(value);
  }
  const metadata = source.metadata;
  if (metadata === null) patch.metadata = null;
  else if (typeof metadata === 'object') {
    if (Array.isArray(metadata)) throw invalid('metadata must be an object of strings');
    const entries: Record<string, string | null> = {};
    for (const [key, value] of Object.entries(metadata as Record<string, unknown>)) {
      entries[key] = value === null ? null : asString(value);
    }
    patch.metadata = entries;
  }
  return patch;
}

/** The writable fields of a record as a patch, to carry them over to a copy. */
export function fieldsOf(record: ObjectRecord): ObjectPatch {
  const patch: ObjectPatch = {};
  for (const field of STRING_FIELDS) {
    const value = record[field];
    if (value !== undefined) patch[field] = value;
  }
  if (record.metadata) patch.metadata = { ...record.metadata };
  return patch;
}

/** PATCH semantics: named fields change, null clears, custom metadata merges key by key. */
export function applyPatch(record: ObjectRecord, patch: ObjectPatch): ObjectRecord {
  const next: ObjectRecord = { ...record };
  for (const field of STRING_FIELDS) {
    const value = patch[field];
    if (value === null) next[field] = undefined;
    else if (value !== undefined) next[field] = value;
  }
  if (patch.metadata === null) next.metadata = undefined;
  else if (patch.metadata !== undefined) {
    const merged = Object.entries({ ...next.metadata, ...patch.metadata }).filter(
      (entry): entry is [string, string] => entry[1] !== null,
    );
    next.metadata = merged.length > 0 ? Object.fromEntries(merged) : undefined;
  }
  return withoutUndefined(next);
}

/** Cleared fields disappear from the record instead of lingering as undefined keys. */
function withoutUndefined(record: ObjectRecord): ObjectRecord {
  return Object.fromEntries(
    Object.entries(record).filter(([, value]) => value !== undefined),
  ) as unknown as ObjectRecord;
}

/** Custom metadata values are strings on the wire; numbers and booleans are stringified. */
export function asString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  return JSON.stringify(value);
}

/** The destination's preconditions, or with `source` the copy source's (ifSourceGenerationMatch, ...). */
export function readPreconditions(query: URLSearchParams, source = false): Preconditions {
  const pick = (name: string): string | undefined => {
    const key = source ? `ifSource${name.slice(2)}` : name;
    const value = query.get(key);
    if (value === null) return undefined;
    if (!/^\d+$/.test(value)) throw invalid(`Invalid value for ${key}: ${value}`);
    return BigInt(value).toString();
  };
  const result: Preconditions = {};
  const g = pick('ifGenerationMatch');
  if (g !== undefined) result.ifGenerationMatch = g;
  const gn = pick('ifGenerationNotMatch');
  if (gn !== undefined) result.ifGenerationNotMatch = gn;
  const m = pick('ifMetagenerationMatch');
  if (m !== undefined) result.ifMetagenerationMatch = m;
  const mn = pick('ifMetagenerationNotMatch');
  if (mn !== undefined) result.ifMetagenerationNotMatch = mn;
  return result;
}

/** Generation 0 stands for "no live object", as in the JSON API. */
export function checkPreconditions(current: ObjectRecord | undefined, p: Preconditions): void {
  const generation = current?.generation ?? '0';
  if (p.ifGenerationMatch !== undefined && p.ifGenerationMatch !== generation) {
    throw conditionNotMet(
      `ifGenerationMatch=${p.ifGenerationMatch}, live generation ${generation}`,
    );
  }
  if (p.ifGenerationNotMatch !== undefined && p.ifGenerationNotMatch === generation) {
    throw conditionNotMet(`ifGenerationNotMatch=${p.ifGenerationNotMatch}`);
  }
  const metageneration = current?.metageneration;
  if (p.ifMetagenerationMatch !== undefined && p.ifMetagenerationMatch !== metageneration) {
    throw conditionNotMet(`ifMetagenerationMatch=${p.ifMetagenerationMatch}`);
  }
  if (p.ifMetagenerationNotMatch !== undefined && p.ifMetagenerationNotMatch === metageneration) {
    throw conditionNotMet(`ifMetagenerationNotMatch=${p.ifMetagenerationNotMatch}`);
  }
}

export function validateObjectName(name: string): void {
  if (name.length === 0) throw invalid('Object name must not be empty.');
  if (Buffer.byteLength(name) > 1024) throw invalid('Object name is longer than 1024 bytes.');
  if (/[\r\n]/.test(name)) throw invalid('Object name must not contain CR or LF.');
}

export function validateBucketName(name: string): void {
  if (!/^[a-z0-9][a-z0-9._-]{1,221}[a-z0-9]$/.test(name)) {
    throw invalid(`Invalid bucket name: ${name}`);
  }
}
