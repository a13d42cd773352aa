import { open } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { objectNotFound } from './errors.ts';
import { header, parseRange, sendEmpty } from './http.ts';
import type { ObjectStore } from './object-store.ts';
import { etagOf } from './resource.ts';
import type { ObjectRecord } from './types.ts';

/** Serves an object's bytes with the headers @google-cloud/storage validates downloads with. */
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
    if (record.contentEncoding) headers['Content-Encoding'] = record.contentEncoding;
    if (record.contentDisposition) headers['Content-Disposition'] = record.contentDisposition;
    if (record.contentLanguage) headers['Content-Language'] = record.contentLanguage;
    headers['Cache-Control'] = record.cacheControl ?? 'private, max-age=0';

    const range = size > 0 ? parseRange(header(req, 'range'), size) : undefined;
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
    await pipeline(file.createReadStream({ start, end, autoClose: false }), res);
  } finally {
    await file.close();
  }
}
