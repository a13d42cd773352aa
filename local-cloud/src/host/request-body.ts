import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Transform } from 'node:stream';
import type { IncomingMessage } from 'node:http';

/**
 * Cloud Functions' front refuses request bodies over 32 MB; the Functions Framework behind it then
 * inflates `gzip`, `deflate` and `br` bodies. Here the same encodings are inflated, but the decoded
 * bytes are capped at the same 32 MB, so a small compressed body cannot grow into gigabytes in memory.
 */
export const DEFAULT_MAX_REQUEST_BYTES = 32 * 1024 * 1024;

/** A body the functions' front refuses before any function sees it: its status and message. */
export class RequestBodyError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = 'RequestBodyError';
    this.status = status;
  }
}

function decoderFor(encoding: string): Transform | null | undefined {
  switch (encoding) {
    case 'identity':
      return null;
    case 'gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    default:
      return undefined;
  }
}

/**
 * Reads a request body, decoded, up to `limit` bytes. A declared `Content-Length` over the limit is
 * refused before a byte is read; an unknown `Content-Encoding` is refused with 415; the decoded body
 * past the limit stops the decoder at once (413), a body that ends short of its declared length or
 * fails to decode is 400. The caller answers with `Connection: close` after a refusal, so what the
 * client still sends is never read.
 */
export function readRequestBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  const decoder = decoderFor(encoding);
  if (decoder === undefined) {
    return Promise.reject(new RequestBodyError(415, `Unsupported content encoding "${encoding}"`));
  }
  // Node's HTTP parser already refused a Content-Length that is not a number.
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  if (decoder === null && declared > limit) {
    return Promise.reject(new RequestBodyError(413, 'Request body too large'));
  }
  const source = decoder === null ? req : req.pipe(decoder);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const fail = (error: RequestBodyError) => {
      if (settled) return;
      settled = true;
      if (decoder !== null) {
        req.unpipe(decoder);
        decoder.destroy();
      }
      chunks.length = 0;
      reject(error);
    };
    source.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) fail(new RequestBodyError(413, 'Request body too large'));
      else if (!settled) chunks.push(chunk);
    });
    source.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(Buffer.concat(chunks));
    });
    source.on('error', () => {
      fail(new RequestBodyError(400, 'Request body could not be decoded'));
    });
    req.on('aborted', () => {
      fail(new RequestBodyError(400, 'Request aborted'));
    });
  });
}
