import { createReadStream } from 'node:fs';
import { BlobWriter } from './blob-writer.ts';
import {
  commitUpload,
  notifyDelete,
  notifyWrite,
  type ApiRequest,
  type StorageContext,
} from './context.ts';
import { sendMedia } from './download.ts';
import {
  bucketNotFound,
  invalid,
  notSupported,
  objectNotFound,
  StorageApiError,
} from './errors.ts';
import { sendJson } from '../net/json.ts';
import { decodeName, header, originOf, readJson, sendEmpty } from './http.ts';
import { boundaryOf } from './multipart.ts';
import { appendChunk, finalizeSession, parseContentRange } from './resumable.ts';
import {
  applyPatch,
  asString,
  checkPreconditions,
  fieldsOf,
  readPatch,
  readPreconditions,
  toResource,
} from './resource.ts';
import type { BucketRecord, ObjectRecord } from './types.ts';
import { listOptionsOf } from './listing.ts';
import {
  readResumableStart,
  receiveMediaUpload,
  receiveMultipartUpload,
} from './upload-request.ts';
import type { UploadSession } from './uploads.ts';

/** `/storage/v1/...` (and the same paths at the root, where STORAGE_EMULATOR_HOST points). */
export async function handleJsonApi(r: ApiRequest): Promise<void> {
  const { req, segments } = r;
  const method = req.method ?? 'GET';
  if (segments[0] !== 'b') throw notSupported(req);
  if (segments.length === 1) {
    if (method === 'GET') {
      listBuckets(r);
      return;
    }
    if (method === 'POST') return createBucket(r);
    throw notSupported(req);
  }
  const bucket = decodeName(segments[1] ?? '');
  if (segments.length === 2) {
    if (method === 'GET') {
      getBucket(r, bucket);
      return;
    }
    throw notSupported(req);
  }
  if (segments[2] !== 'o') throw notSupported(req);
  if (segments.length === 3) {
    if (method === 'GET') {
      listObjects(r, bucket);
      return;
    }
    throw notSupported(req);
  }
  const rest = segments.slice(3);
  if (method === 'POST') {
    const copyAt = rest.findIndex(
      (s, i) => (s === 'copyTo' || s === 'rewriteTo') && rest[i + 1] === 'b' && rest[i + 3] === 'o',
    );
    if (copyAt > 0) {
      const source = { bucket, name: decodeName(rest.slice(0, copyAt).join('/')) };
      const target = {
        bucket: decodeName(rest[copyAt + 2] ?? ''),
        name: decodeName(rest.slice(copyAt + 4).join('/')),
      };
      return copyObject(r, source, target, rest[copyAt] === 'rewriteTo');
    }
    if (rest.length > 1 && rest.at(-1) === 'compose') {
      return composeObject(r, bucket, decodeName(rest.slice(0, -1).join('/')));
    }
    throw notSupported(req);
  }
  const name = decodeName(rest.join('/'));
  switch (method) {
    case 'GET':
    case 'HEAD':
      return getObject(r, bucket, name, r.url.searchParams.get('alt') === 'media');
    case 'PATCH':
    case 'PUT':
      return patchObject(r, bucket, name);
    case 'DELETE':
      return deleteObject(r, bucket, name);
    default:
      throw notSupported(req);
  }
}

/** `/download/storage/v1/b/{bucket}/o/{object}`: always media. */
export async function handleDownload(r: ApiRequest): Promise<void> {
  const { segments } = r;
  if (segments[0] !== 'b' || segments[2] !== 'o' || segments.length < 4) throw notSupported(r.req);
  const bucket = decodeName(segments[1] ?? '');
  await getObject(r, bucket, decodeName(segments.slice(3).join('/')), true);
}

/** `/upload/storage/v1/b/{bucket}/o`: media, multipart and resumable uploads. */
export async function handleUpload(r: ApiRequest): Promise<void> {
  const { req, url, segments, ctx } = r;
  if (segments[0] !== 'b' || segments[2] !== 'o' || segments.length !== 3) throw notSupported(req);
  const bucket = decodeName(segments[1] ?? '');
  const session = ctx.sessions.get(url.searchParams.get('upload_id'));
  if (url.searchParams.has('upload_id')) {
    if (!session || session.bucket !== bucket) {
      throw new StorageApiError(404, 'notFound', 'No such upload session.');
    }
    if (req.method === 'DELETE') {
      await ctx.sessions.cancel(session);
      sendEmpty(r.res, 499);
      return;
    }
    if (req.method === 'PUT' || req.method === 'POST') return uploadChunk(r, session);
    throw notSupported(req);
  }
  if (req.method !== 'POST') throw notSupported(req);
  const boundary = boundaryOf(header(req, 'content-type'));
  const uploadType = url.searchParams.get('uploadType') ?? (boundary ? 'multipart' : 'media');
  switch (uploadType) {
    case 'media':
      return simpleUpload(r, bucket);
    case 'multipart':
      if (!boundary) throw invalid('A multipart upload needs Content-Type multipart/related.');
      return simpleUpload(r, bucket, boundary);
    case 'resumable':
      return startResumable(r, bucket);
    default:
      throw invalid(`Unsupported uploadType: ${uploadType}`);
  }
}

function bucketResource(ctx: StorageContext, bucket: BucketRecord): object {
  return {
    kind: 'storage#bucket',
    id: bucket.name,
    selfLink: `${ctx.baseUrl}/storage/v1/b/${bucket.name}`,
    projectNumber: '0',
    name: bucket.name,
    timeCreated: bucket.timeCreated,
    updated: bucket.timeCreated,
    metageneration: '1',
    location: 'US',
    locationType: 'multi-region',
    storageClass: 'STANDARD',
    etag: 'CAE=',
  };
}

function listBuckets({ ctx, res }: ApiRequest): void {
  const items = ctx.store.buckets().map((b) => bucketResource(ctx, b));
  sendJson(res, 200, { kind: 'storage#buckets', items });
}

async function createBucket({ ctx, req, res }: ApiRequest): Promise<void> {
  const body = (await readJson(req)) as { name?: unknown };
  if (typeof body.name !== 'string') throw invalid('Bucket name is required.');
  if (ctx.store.bucket(body.name)) {
    throw new StorageApiError(409, 'conflict', `The bucket ${body.name} already exists.`);
  }
  sendJson(res, 200, bucketResource(ctx, await ctx.store.ensureBucket(body.name)));
}

function getBucket({ ctx, res }: ApiRequest, name: string): void {
  const bucket = ctx.store.bucket(name);
  if (!bucket) throw bucketNotFound(name);
  sendJson(res, 200, bucketResource(ctx, bucket));
}

function listObjects({ ctx, res, url }: ApiRequest, bucket: string): void {
  const page = ctx.store.list(bucket, listOptionsOf(url.searchParams));
  sendJson(res, 200, {
    kind: 'storage#objects',
    ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
    ...(page.prefixes.length > 0 ? { prefixes: page.prefixes } : {}),
    ...(page.items.length > 0 ? { items: page.items.map((o) => toResource(o, ctx.baseUrl)) } : {}),
  });
}

/** The live object, honouring `generation` (older generations are not kept) and preconditions. */
function liveObject(ctx: StorageContext, url: URL, bucket: string, name: string): ObjectRecord {
  const record = ctx.store.require(bucket, name);
  const generation = url.searchParams.get('generation');
  if (generation !== null && generation !== record.generation) throw objectNotFound(bucket, name);
  checkPreconditions(record, readPreconditions(url.searchParams));
  return record;
}

async function getObject(r: ApiRequest, bucket: string, name: string, media: boolean) {
  const record = liveObject(r.ctx, r.url, bucket, name);
  if (media) await sendMedia(r.req, r.res, r.ctx.store, record);
  else sendJson(r.res, 200, toResource(record, r.ctx.baseUrl));
}

async function patchObject({ ctx, req, res, url }: ApiRequest, bucket: string, name: string) {
  let patch = readPatch(await readJson(req));
  if (req.method === 'PUT') {
    // An update replaces every writable field; what the body leaves out is cleared.
    const metadata = patch.metadata
      ? { ...clearMetadata(ctx.store.get(bucket, name)), ...patch.metadata }
      : null;
    patch = { ...clearAll(), ...patch, metadata };
  }
  const record = await ctx.store.patch(bucket, name, patch, readPreconditions(url.searchParams));
  sendJson(res, 200, toResource(record, ctx.baseUrl));
}

function clearAll() {
  return {
    contentType: null,
    cacheControl: null,
    contentDisposition: null,
    contentEncoding: null,
    contentLanguage: null,
  };
}

function clearMetadata(record: ObjectRecord | undefined): Record<string, null> {
  return Object.fromEntries(Object.keys(record?.metadata ?? {}).map((k) => [k, null]));
}

async function deleteObject({ ctx, res, url }: ApiRequest, bucket: string, name: string) {
  const generation = url.searchParams.get('generation');
  const live = ctx.store.require(bucket, name);
  if (generation !== null && generation !== live.generation) throw objectNotFound(bucket, name);
  const record = await ctx.store.remove(bucket, name, readPreconditions(url.searchParams));
  sendEmpty(res, 204);
  notifyDelete(ctx, res, record);
}

async function copyObject(
  r: ApiRequest,
  source: { bucket: string; name: string },
  target: { bucket: string; name: string },
  rewrite: boolean,
): Promise<void> {
  const { ctx, req, res, url } = r;
  const overrides = readPatch(await readJson(req));
  const record = ctx.store.require(source.bucket, source.name);
  const sourceGeneration = url.searchParams.get('sourceGeneration');
  if (sourceGeneration !== null && sourceGeneration !== record.generation) {
    throw objectNotFound(source.bucket, source.name);
  }
  checkPreconditions(record, readPreconditions(url.searchParams, true));
  const fields = fieldsOf(applyPatch(record, overrides));
  const result = await ctx.store.copy(
    record,
    target.bucket,
    target.name,
    fields,
    readPreconditions(url.searchParams),
  );
  const resource = toResource(result.record, ctx.baseUrl);
  if (rewrite) {
    sendJson(res, 200, {
      kind: 'storage#rewriteResponse',
      totalBytesRewritten: resource.size,
      objectSize: resource.size,
      done: true,
      resource,
    });
  } else {
    sendJson(res, 200, resource);
  }
  notifyWrite(ctx, res, result);
}

interface ComposeBody {
  sourceObjects?: { name?: unknown; generation?: unknown }[];
  destination?: unknown;
}

async function composeObject(r: ApiRequest, bucket: string, name: string): Promise<void> {
  const { ctx, req, res, url } = r;
  const body = (await readJson(req)) as ComposeBody;
  const sources = body.sourceObjects ?? [];
  if (sources.length === 0 || sources.length > 32) {
    throw invalid('Compose needs between 1 and 32 source objects.');
  }
  const records = sources.map((s) => {
    if (typeof s.name !== 'string') throw invalid('Each source object needs a name.');
    const record = ctx.store.require(bucket, s.name);
    if (s.generation !== undefined && asString(s.generation) !== record.generation) {
      throw objectNotFound(bucket, s.name);
    }
    return record;
  });
  const writer = await BlobWriter.create(ctx.store.tempPath(), ctx.maxUploadBytes);
  let digest;
  try {
    for (const record of records) {
      await writer.append(createReadStream(ctx.store.blobPath(record)));
    }
    digest = await writer.finish();
  } catch (error) {
    await writer.discard();
    throw error;
  }
  const fields = readPatch(body.destination);
  fields.contentType ??= records[0]?.contentType ?? null;
  const record = await commitUpload(
    ctx,
    res,
    { bucket, name },
    { tempPath: writer.path, digest },
    fields,
    readPreconditions(url.searchParams),
  );
  sendJson(res, 200, toResource(record, ctx.baseUrl));
}

/** A one-request upload; preconditions are read before the bytes, so a bad one reads none. */
async function simpleUpload(r: ApiRequest, bucket: string, boundary?: string) {
  const { ctx, res, url } = r;
  const preconditions = readPreconditions(url.searchParams);
  const { name, fields, received } = boundary
    ? await receiveMultipartUpload(r, boundary)
    : await receiveMediaUpload(r);
  const record = await commitUpload(ctx, res, { bucket, name }, received, fields, preconditions);
  sendJson(res, 200, toResource(record, ctx.baseUrl));
}

async function startResumable(r: ApiRequest, bucket: string) {
  const { ctx, req, res, url } = r;
  const start = await readResumableStart(r, {
    contentType: 'x-upload-content-type',
    contentLength: 'x-upload-content-length',
  });
  const name = start.name;
  const preconditions = readPreconditions(url.searchParams);
  // Production checks preconditions when the session starts, and again when it completes.
  checkPreconditions(ctx.store.get(bucket, name), preconditions);
  const session = await ctx.sessions.start(ctx.store, ctx.maxUploadBytes, {
    ...start,
    bucket,
    preconditions,
  });
  const location =
    `${originOf(req, ctx.baseUrl)}/upload/storage/v1/b/${encodeURIComponent(bucket)}/o` +
    `?uploadType=resumable&name=${encodeURIComponent(name)}&upload_id=${session.id}`;
  sendEmpty(res, 200, { Location: location });
}

async function uploadChunk(r: ApiRequest, session: UploadSession): Promise<void> {
  const { ctx, req, res } = r;
  if (session.result) {
    req.resume();
    sendJson(res, 200, toResource(session.result, ctx.baseUrl));
    return;
  }
  const range = parseContentRange(header(req, 'content-range'));
  let final: boolean;
  let total: number | undefined;
  if (range === undefined) {
    await appendChunk(session, req, session.writer.size);
    final = true;
  } else if (range.kind === 'status') {
    req.resume();
    total = range.total;
    final = total !== undefined && total === session.writer.size;
  } else {
    await appendChunk(session, req, range.start);
    total = range.total;
    final = total !== undefined ? session.writer.size >= total : range.end === undefined;
  }
  if (!final) {
    const size = session.writer.size;
    sendEmpty(res, 308, size > 0 ? { Range: `bytes=0-${size - 1}` } : {});
    return;
  }
  const record = await finalizeSession(ctx, res, session, total);
  sendJson(res, 200, toResource(record, ctx.baseUrl));
}
