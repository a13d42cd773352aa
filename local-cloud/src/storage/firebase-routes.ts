import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { commitUpload, notifyDelete, type ApiRequest, type StorageContext } from './context.ts';
import { sendMedia } from './download.ts';
import { invalid, notSupported, StorageApiError } from './errors.ts';
import { decodeName, header, originOf, readJson, sendEmpty, sendJson } from './http.ts';
import { boundaryOf } from './multipart.ts';
import { appendChunk, finalizeSession } from './resumable.ts';
import {
  DOWNLOAD_TOKENS_KEY,
  downloadTokensOf,
  readPatch,
  toFirebaseMetadata,
} from './resource.ts';
import type { ObjectPatch, ObjectRecord } from './types.ts';
import { receiveMedia, receiveMultipart, type UploadSession } from './uploads.ts';

/**
 * The Firebase Storage REST API (`/v0/b/{bucket}/o...`) that the client SDKs use. Security rules
 * are not evaluated: every request is allowed, except a download whose token does not match.
 */
export async function handleFirebaseApi(r: ApiRequest): Promise<void> {
  const { req, segments } = r;
  const method = req.method ?? 'GET';
  if (segments[0] !== 'b' || segments[2] !== 'o' || segments.length < 3) throw notSupported(req);
  const bucket = decodeName(segments[1] ?? '');
  if (segments.length === 3) {
    if (method === 'GET') {
      list(r, bucket);
      return;
    }
    if (method === 'POST') return upload(r, bucket);
    throw notSupported(req);
  }
  const name = decodeName(segments.slice(3).join('/'));
  switch (method) {
    case 'GET':
    case 'HEAD':
      return r.url.searchParams.get('alt') === 'media'
        ? download(r, bucket, name)
        : getMetadata(r, bucket, name);
    case 'PATCH':
      return updateMetadata(r, bucket, name);
    case 'DELETE':
      return deleteObject(r, bucket, name);
    default:
      throw notSupported(req);
  }
}

function list({ ctx, res, url }: ApiRequest, bucket: string): void {
  const q = url.searchParams;
  const maxResults = q.get('maxResults');
  const page = ctx.store.list(bucket, {
    prefix: q.get('prefix') ?? '',
    delimiter: q.get('delimiter') ?? '',
    ...(q.get('pageToken') ? { pageToken: q.get('pageToken') ?? '' } : {}),
    ...(maxResults ? { maxResults: Number(maxResults) } : {}),
  });
  sendJson(res, 200, {
    prefixes: page.prefixes,
    items: page.items.map((o) => ({ name: o.name, bucket: o.bucket })),
    ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
  });
}

async function download({ ctx, req, res, url }: ApiRequest, bucket: string, name: string) {
  const record = ctx.store.require(bucket, name);
  const token = url.searchParams.get('token');
  if (token !== null && !downloadTokensOf(record).includes(token)) {
    throw new StorageApiError(403, 'forbidden', 'Permission denied. Invalid download token.');
  }
  await sendMedia(req, res, ctx.store, record);
}

/** Like production, reading metadata through this API mints a download token if there is none. */
async function withDownloadToken(ctx: StorageContext, record: ObjectRecord) {
  if (downloadTokensOf(record).length > 0) return record;
  return ctx.store.addDownloadToken(record, randomUUID(), DOWNLOAD_TOKENS_KEY);
}

async function getMetadata({ ctx, res }: ApiRequest, bucket: string, name: string) {
  const record = await withDownloadToken(ctx, ctx.store.require(bucket, name));
  sendJson(res, 200, toFirebaseMetadata(record));
}

async function updateMetadata({ ctx, req, res }: ApiRequest, bucket: string, name: string) {
  const patch = readPatch(await readJson(req));
  // Tokens are not part of the client's custom metadata, so clearing it keeps them.
  if (patch.metadata === null) {
    const keys = Object.keys(ctx.store.get(bucket, name)?.metadata ?? {});
    patch.metadata = Object.fromEntries(
      keys.filter((k) => k !== DOWNLOAD_TOKENS_KEY).map((k) => [k, null]),
    );
  }
  const record = await ctx.store.patch(bucket, name, patch, {});
  sendJson(res, 200, toFirebaseMetadata(record));
}

async function deleteObject({ ctx, res }: ApiRequest, bucket: string, name: string) {
  const record = await ctx.store.remove(bucket, name, {});
  sendEmpty(res, 204);
  notifyDelete(ctx, res, record);
}

function withNewToken(fields: ObjectPatch): ObjectPatch {
  const metadata = { ...fields.metadata };
  metadata[DOWNLOAD_TOKENS_KEY] ??= randomUUID();
  return { ...fields, metadata };
}

function nameFrom(url: URL, metadata: Record<string, unknown>): string {
  const name = url.searchParams.get('name') ?? metadata.name;
  if (typeof name !== 'string' || name === '') throw invalid('Upload needs an object name.');
  return name;
}

async function upload(r: ApiRequest, bucket: string): Promise<void> {
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
  if (protocol === 'resumable') return startResumable(r, bucket);
  const boundary = boundaryOf(header(req, 'content-type'));
  if (boundary) {
    const received = await receiveMultipart(req, boundary, ctx.store, ctx.maxUploadBytes);
    let name: string;
    try {
      name = nameFrom(url, received.metadata);
    } catch (error) {
      await rm(received.tempPath, { force: true });
      throw error;
    }
    const fields = withNewToken(readPatch(received.metadata));
    fields.contentType ??= received.mediaContentType ?? null;
    const record = await commitUpload(ctx, res, { bucket, name }, received, fields, {});
    sendJson(res, 200, toFirebaseMetadata(record));
    return;
  }
  const name = nameFrom(url, {});
  const received = await receiveMedia(req, ctx.store, ctx.maxUploadBytes);
  const contentType = header(req, 'content-type');
  const fields = withNewToken(contentType ? { contentType } : {});
  const record = await commitUpload(ctx, res, { bucket, name }, received, fields, {});
  sendJson(res, 200, toFirebaseMetadata(record));
}

async function startResumable({ ctx, req, res, url }: ApiRequest, bucket: string) {
  const command = header(req, 'x-goog-upload-command')?.toLowerCase();
  if (command !== 'start')
    throw invalid('A resumable upload begins with X-Goog-Upload-Command: start.');
  const metadata = (await readJson(req)) as Record<string, unknown>;
  const name = nameFrom(url, metadata);
  const fields = withNewToken(readPatch(metadata));
  fields.contentType ??= header(req, 'x-goog-upload-header-content-type') ?? null;
  const declared = header(req, 'x-goog-upload-header-content-length');
  const session = await ctx.sessions.start(ctx.store, ctx.maxUploadBytes, {
    bucket,
    name,
    fields,
    preconditions: {},
    ...(declared !== undefined ? { declaredSize: Number(declared) } : {}),
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
