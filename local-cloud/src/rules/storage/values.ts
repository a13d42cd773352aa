// Storage objects as the rules see them: `resource` and `request.resource` are maps of the
// object's metadata (the Storage rules reference's fields), with sizes and generations as ints,
// times as timestamps, and absent fields as null, as the Storage emulator hands them over.
import { DOWNLOAD_TOKENS_KEY, etagOf } from '../../storage/resource.ts';
import type { ObjectRecord } from '../../storage/types.ts';
import { RMap, RTimestamp } from '../values.ts';

const timestamp = (iso: string): RTimestamp => RTimestamp.fromMillis(Date.parse(iso));

export function storageResource(record: ObjectRecord): RMap {
  // Download tokens ride in custom metadata on the wire; the SDKs never show them as such.
  const custom = Object.entries(record.metadata ?? {}).filter(([k]) => k !== DOWNLOAD_TOKENS_KEY);
  return new RMap({
    name: record.name,
    bucket: record.bucket,
    generation: BigInt(record.generation),
    metageneration: BigInt(record.metageneration),
    size: BigInt(record.size),
    timeCreated: timestamp(record.timeCreated),
    updated: timestamp(record.updated),
    md5Hash: record.md5Hash,
    crc32c: record.crc32c,
    etag: etagOf(record),
    contentType: record.contentType ?? null,
    contentDisposition: record.contentDisposition ?? null,
    contentEncoding: record.contentEncoding ?? null,
    contentLanguage: record.contentLanguage ?? null,
    cacheControl: record.cacheControl ?? null,
    metadata: new RMap(new Map(custom)),
  });
}

/** The rules path of an object: b/{bucket}/o/{name's segments}. */
export function objectPath(bucket: string, name: string): string[] {
  return ['b', bucket, 'o', ...name.split('/')];
}

/**
 * The rules path of a list request: its prefix without the trailing slash, as the emulator passes
 * it, so `{path=**}` (zero or more segments under rules_version '2') matches the folder itself.
 */
export function listPath(bucket: string, prefix: string): string[] {
  return ['b', bucket, 'o', ...prefix.split('/').filter((s) => s !== '')];
}
