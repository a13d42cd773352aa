import { randomUUID } from 'node:crypto';
import type { ClientIdentity } from '../firestore/client/identity.ts';
import { commitUpload, notifyDelete, type ApiRequest, type StorageContext } from './context.ts';
import { sendMedia } from './download.ts';
import { invalid, notSupported, objectNotFound, StorageApiError } from './errors.ts';
import { sendJson } from '../net/json.ts';
import { decodeName, header, originOf, readJson, sendEmpty } from './http.ts';
import { boundaryOf } from './multipart.ts';
import type { WriteCheck } from './object-store.ts';
import { appendChunk, finalizeSession } from './resumable.ts';
import {
  DOWNLOAD_TOKENS_KEY,
  downloadTokensOf,
  readPatch,
  toFirebaseMetadata,
} from './resource.ts';
import type { ObjectPatch, ObjectRecord } from './types.ts';
import { listOptionsOf } from './listing.ts';
import {
  readResumableStart,
  receiveMediaUpload,
  receiveMultipartUpload,
} from './upload-request.ts';
import type { UploadSession } from './uploads.ts';

/**
 * The Firebase Storage REST API (`/v0/b/{bucket}/o...`) that the client SDKs use. Each request is
 * decided by the security rules in force, as the caller its `Authorization` header names; a
 * download or metadata read with a valid download token needs no rules, as on the emulator.
 */
export async function handleFirebaseApi(r: ApiRequest): Promise<void> {
  const { req, segments } = r;
  const method = req.method ?? 'GET';
  if (segments[0] !== 'b' || segments[2] !== 'o' || segments.length < 3) throw notSupported(req);
  const bucket = decodeName(segments[1] ?? '');
  refuseOtherProjects(r, bucket);
  let who: ClientIdentity;
  try {
    who = r.ctx.rules.identify(header(req, 'authorization'));
  } catch (error) {
    req.resume();
    throw error;
  }
  if (segments.length === 3) {
    if (method === 'GET') {
      list(r, bucket, who);
      return;
    }
    if (method === 'POST') return upload(r, bucket, who);
    throw notSupported(req);
  }
  const name = decodeName(segments.slice(3).join('/'));
  switch (method) {
    case 'GET':
    case 'HEAD':
      return r.url.searchParams.get('alt') === 'media'
        ? download(r, bucket, name, who)
        : getMetadata(r, bucket, name, who);
    case 'PATCH':
      return updateMetadata(r, bucket, name, who);
    case 'DELETE':
      return deleteObject(r, bucket, name, who);
    default:
      throw notSupported(req);
  }
}

/**
 * In single project mode, another project's default bucket is not found, as in production for a
 * bucket that is not there, with the served project in the message.
 */
function refuseOtherProjects({ ctx, req }: ApiRequest, bucket: string): void {
  const project = /^(.+?)\.(?:appspot\.com|firebasestorage\.app)$/.exec(bucket)?.[1];
  const refusal = project === undefined ? undefined : ctx.projectCheck?.('Storage', project);
  if (refusal === undefined) return;
  req.resume();
  throw new StorageApiError(404, 'notFound', refusal);
}

/** A write's check: `create` when no object is there, else `update`. */
function writeCheck(ctx: StorageContext, who: ClientIdentity, bucket: string, name: string) {
  const check: WriteCheck = (current, proposed) => {
    ctx.rules.authorize(who, {
      method: current ? 'update' : 'create',
      bucket,
      name,
      current,
      proposed,
    });
  };
  return check;
}

function list({ ctx, res, url }: ApiRequest, bucket: string, who: ClientIdentity): void {
  const options = listOptionsOf(url.searchParams);
  ctx.rules.authorize(who, { method: 'list', bucket, name: options.prefix ?? '' });
  const page = ctx.store.list(bucket, options);
  sendJson(res, 200, {
    prefixes: page.prefixes,
    items: page.items.map((o) => ({ name: o.name, bucket: o.bucket })),
    ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
  });
}

/**
 * The object a read may see: a valid download token grants it without rules (the URLs
 * getDownloadURL hands out), a wrong one is refused; otherwise the rules judge a `get`, before
 * a missing object answers 404.
 */
function readable(
  { ctx, url }: ApiRequest,
  bucket: string,
  name: string,
  who: ClientIdentity,
): ObjectRecord {
  const record = ctx.store.get(bucket, name);
  const token = url.searchParams.get('token');
  if (token !== null && record) {
    if (downloadTokensOf(record).includes(token)) return record;
    throw new StorageApiError(403, 'forbidden', 'Permission denied. Invalid download token.');
  }
  ctx.rules.authorize(who, { method: 'get', bucket, name, current: record });
  if (!record) throw objectNotFound(bucket, name);
  return record;
}

async function download(r: ApiRequest, bucket: string, name: string, who: ClientIdentity) {
  const record = readable(r, bucket, name, who);
  await sendMedia(r.req, r.res, r.ctx.store, record);
}

/** Like production, reading metadata through this API mints a download token if there is none. */
async function withDownloadToken(ctx: StorageContext, record: ObjectRecord) {
  if (downloadTokensOf(record).length > 0) return record;
  return ctx.store.addDownloadToken(record, randomUUID(), DOWNLOAD_TOKENS_KEY);
}

async function getMetadata(r: ApiRequest, bucket: string, name: string, who: ClientIdentity) {
  const record = await withDownloadToken(r.ctx, readable(r, bucket, name, who));
  sendJson(r.res, 200, toFirebaseMetadata(record));
}

async function updateMetadata(
  { ctx, req, res }: ApiRequest,
  bucket: string,
  name: string,
  who: ClientIdentity,
) {
  const patch = readPatch(await readJson(req));
  // Tokens are not part of the client's custom metadata, so clearing it keeps them.
  if (patch.metadata === null) {
    const keys = Object.keys(ctx.store.get(bucket, name)?.metadata ?? {});
    patch.metadata = Object.fromEntries(
      keys.filter((k) => k !== DOWNLOAD_TOKENS_KEY).map((k) => [k, null]),
    );
  }
  const record = await ctx.store.patch(bucket, name, patch, {}, (current, proposed) => {
    ctx.rules.authorize(who, { method: 'update', bucket, name, current, proposed });
  });
  sendJson(res, 200, toFirebaseMetadata(record));
}

async function deleteObject(
  { ctx, res }: ApiRequest,
  bucket: string,
  name: string,
  who: ClientIdentity,
) {
  const record = await ctx.store.remove(bucket, name, {}, (current) => {
    ctx.rules.authorize(who, { method: 'delete', bucket, name, current });
  });
  sendEmpty(res, 204);
  notifyDelete(ctx, res, record);
}

function withNewToken(fields: ObjectPatch): ObjectPatch {
  const metadata = { ...fields.metadata };
  metadata[DOWNLOAD_TOKENS_KEY] ??= randomUUID();
  return { ...fields, metadata };
}

/**
 * Uploads are judged once the bytes are in, as on the emulator: `request.resource` then has the
 * real size and hashes. A denial removes the received bytes; nothing is stored or announced.
 */
async function upload(r: ApiRequest, bucket: string, who: ClientIdentity): Promise<void> {
  const { ctx, req, res, url } = r;
  const uploadId = url.searchParams.get('upload_id');
  if (uploadId !== null) {
    const session = ctx.sessions.get(uploadId);
    if (!session || session.bucket !== bucket) {
      throw new StorageApiError(404, 'notFound', 'No such upload session.');
    }
    return resumableCommand(r, session);
  }
  const protocol = header(req, 'x-goog-upload-protocol')?.toLowerCase();
  if (protocol === 'resumable') return startResumable(r, bucket, who);
  const boundary = boundaryOf(header(req, 'content-type'));
  const { name, fields, received } = boundary
    ? await receiveMultipartUpload(r, boundary)
    : await receiveMediaUpload(r);
  const check = writeCheck(ctx, who, bucket, name);
  const target = { bucket, name };
  const record = await commitUpload(ctx, res, target, received, withNewToken(fields), {}, check);
  sendJson(res, 200, toFirebaseMetadata(record));
}

/**
 * Starts a session that the rules judge at finalize, as the caller who started it (the emulator
 * keeps the start's Authorization header for the finalize request).
 */
async function startResumable(r: ApiRequest, bucket: string, who: ClientIdentity) {
  const { ctx, req, res } = r;
  const command = header(req, 'x-goog-upload-command')?.toLowerCase();
  if (command !== 'start')
    throw invalid('A resumable upload begins with X-Goog-Upload-Command: start.');
  const start = await readResumableStart(r, {
    contentType: 'x-goog-upload-header-content-type',
    contentLength: 'x-goog-upload-header-content-length',
  });
  const name = start.name;
  const session = await ctx.sessions.start(ctx.store, ctx.maxUploadBytes, {
    ...start,
    bucket,
    fields: withNewToken(start.fields),
    preconditions: {},
    check: writeCheck(ctx, who, bucket, name),
  });
  const uploadUrl =
    `${originOf(req, ctx.baseUrl)}/v0/b/${encodeURIComponent(bucket)}/o` +
    `?name=${encodeURIComponent(name)}&upload_id=${session.id}&upload_protocol=resumable`;
  sendEmpty(res, 200, {
    'X-Goog-Upload-URL': uploadUrl,
    'X-Goog-Upload-Control-URL': uploadUrl,
    'X-Goog-Upload-Status': 'active',
    'X-Goog-Upload-Chunk-Granularity': '262144',
  });
}

async function resumableCommand(r: ApiRequest, session: UploadSession): Promise<void> {
  const { ctx, req, res } = r;
  const commands = new Set(
    (header(req, 'x-goog-upload-command') ?? '').split(',').map((c) => c.trim().toLowerCase()),
  );
  const status = (value: string): Record<string, string> => ({
    'X-Goog-Upload-Status': value,
    'X-Goog-Upload-Size-Received': String(session.writer.size),
  });
  if (commands.has('query')) {
    req.resume();
    sendEmpty(res, 200, status(session.result ? 'final' : 'active'));
    return;
  }
  if (commands.has('cancel')) {
    req.resume();
    await ctx.sessions.cancel(session);
    sendEmpty(res, 200, { 'X-Goog-Upload-Status': 'cancelled' });
    return;
  }
  if (session.result) {
    req.resume();
    sendJson(res, 200, toFirebaseMetadata(session.result), status('final'));
    return;
  }
  if (commands.has('upload')) {
    const offset = Number(header(req, 'x-goog-upload-offset') ?? session.writer.size);
    if (!Number.isInteger(offset) || offset < 0) throw invalid('Invalid X-Goog-Upload-Offset.');
    await appendChunk(session, req, offset);
  } else {
    req.resume();
  }
  if (!commands.has('finalize')) {
    sendEmpty(res, 200, status('active'));
    return;
  }
  const record = await finalizeSession(ctx, res, session);
  sendJson(res, 200, toFirebaseMetadata(record), status('final'));
}
