import { open, type FileHandle } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { objectNotFound } from './errors.ts';
import { header, parseRange, sendEmpty } from './http.ts';
import type { ObjectStore } from './object-store.ts';
import { etagOf } from './resource.ts';
import type { ObjectRecord } from './types.ts';

/**
 * Serves an object's bytes with the headers @google-cloud/storage validates downloads with, and
 * byte ranges as Cloud Storage serves them (RANGES.md has the facts and their sources).
 */
export async function sendMedia(
  req: IncomingMessage,
  res: ServerResponse,
  store: ObjectStore,
  record: ObjectRecord,
): Promise<void> {
  let file;
  try {
    file = await open(store.blobPath(record), 'r');
  } catch (error) {
    // Replaced or deleted between lookup and open.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw objectNotFound(record.bucket, record.name);
    }
    throw error;
  }
  try {
    const size = Number(record.size);
    const headers: Record<string, string> = {
      'Content-Type': record.contentType ?? 'application/octet-stream',
      'Accept-Ranges': 'bytes',
      ETag: `"${etagOf(record)}"`,
      'Last-Modified': new Date(record.updated).toUTCString(),
      'X-Goog-Hash': `crc32c=${record.crc32c},md5=${record.md5Hash}`,
      'X-Goog-Generation': record.generation,
      'X-Goog-Metageneration': record.metageneration,
      'X-Goog-Stored-Content-Encoding': record.contentEncoding ?? 'identity',
      'X-Goog-Stored-Content-Length': record.size,
    };
    if (record.contentDisposition) headers['Content-Disposition'] = record.contentDisposition;
    if (record.contentLanguage) headers['Content-Language'] = record.contentLanguage;
    headers['Cache-Control'] = record.cacheControl ?? 'private, max-age=0';

    if (await transcodes(req, record, file)) {
      // cloud.google.com/storage/docs/transcoding: a transcoded response has neither
      // Content-Encoding nor Content-Length, and "if the request for the object includes a Range
      // header, that header is silently ignored" (#range): 200 and the whole decompressed object.
      // googleapis/storage-testbench marks such a response as the header below does.
      headers['X-GUploader-Response-Body-Transformations'] = 'gunzipped';
      res.writeHead(200, headers);
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      await serve(res, file.createReadStream({ autoClose: false }), createGunzip());
      return;
    }

    if (record.contentEncoding) headers['Content-Encoding'] = record.contentEncoding;
    // Also for empty objects: GCS answers a range of one 416 (see parseRange).
    const range = parseRange(header(req, 'range'), size);
    if (range === 'unsatisfiable') {
      sendEmpty(res, 416, { 'Content-Range': `bytes */${size}` });
      return;
    }
    const start = range?.start ?? 0;
    const end = range?.end ?? size - 1;
    if (range) headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
    res.writeHead(range ? 206 : 200, { ...headers, 'Content-Length': String(end - start + 1) });
    if (req.method === 'HEAD' || size === 0) {
      res.end();
      return;
    }
    await serve(res, file.createReadStream({ start, end, autoClose: false }));
  } finally {
    await file.close();
  }
}

/**
 * Whether GCS would apply decompressive transcoding: the object is stored with Content-Encoding
 * gzip and the request does not accept gzip (googleapis/storage-testbench looks for "gzip" in
 * Accept-Encoding), unless the object's Cache-Control has no-transform (transcoding doc). A blob
 * that is not gzip at all is served as stored rather than failing half-way (local-cloud's choice).
 */
async function transcodes(
  req: IncomingMessage,
  record: ObjectRecord,
  file: FileHandle,
): Promise<boolean> {
  if (record.contentEncoding?.toLowerCase() !== 'gzip') return false;
  if (/\bno-transform\b/i.test(record.cacheControl ?? '')) return false;
  if (/gzip/i.test(header(req, 'accept-encoding') ?? '')) return false;
  const magic = Buffer.alloc(2);
  const { bytesRead } = await file.read(magic, 0, 2, 0);
  return bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
}

const HANG_UPS = new Set(['ERR_STREAM_PREMATURE_CLOSE', 'ECONNRESET', 'EPIPE']);

/** Streams the body; a client that hangs up mid-body (a cut download) is no server error. */
async function serve(
  res: ServerResponse,
  ...streams: [NodeJS.ReadableStream, ...NodeJS.ReadWriteStream[]]
): Promise<void> {
  try {
    await pipeline([...streams, res]);
  } catch (error) {
    if (HANG_UPS.has((error as NodeJS.ErrnoException).code ?? '')) return;
    throw error;
  }
}
