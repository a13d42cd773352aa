import type { IncomingMessage, ServerResponse } from 'node:http';
import { readJson as readJsonBody, sendJson } from '../net/json.ts';
import { invalid, StorageApiError } from './errors.ts';

/** Headers browsers must be allowed to read, for the Firebase resumable protocol above all. */
const EXPOSED_HEADERS = [
  'Location',
  'Range',
  'Content-Range',
  'Content-Length',
  'Content-Type',
  'ETag',
  'X-Goog-Upload-URL',
  'X-Goog-Upload-Status',
  'X-Goog-Upload-Size-Received',
  'X-Goog-Upload-Chunk-Granularity',
  'X-Goog-Upload-Control-URL',
  'X-Goog-Hash',
  'X-Goog-Generation',
  'X-Goog-Metageneration',
  'X-Goog-Stored-Content-Encoding',
  'X-Goog-Stored-Content-Length',
].join(', ');

export function applyCors(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*');
  res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
  if (req.headers.origin) res.setHeader('Vary', 'Origin');
}

export function answerPreflight(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS');
  res.setHeader(
    'Access-Control-Allow-Headers',
    req.headers['access-control-request-headers'] ?? '*',
  );
  res.setHeader('Access-Control-Max-Age', '3600');
  sendEmpty(res, 204);
}

export function sendEmpty(
  res: ServerResponse,
  status: number,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { ...headers, 'Content-Length': 0 });
  res.end();
}

export function sendError(res: ServerResponse, error: unknown): void {
  const apiError =
    error instanceof StorageApiError
      ? error
      : new StorageApiError(
          500,
          'backendError',
          error instanceof Error ? error.message : String(error),
        );
  if (res.headersSent) {
    res.destroy(apiError);
    return;
  }
  // Keeping the connection would make the client wait for an unread request body.
  const headers: Record<string, string> = apiError.status === 413 ? { Connection: 'close' } : {};
  sendJson(res, apiError.status, apiError.toJSON(), headers);
}

const JSON_LIMITS = {
  maxBytes: 1024 * 1024,
  tooLarge: () => new StorageApiError(413, 'invalid', 'JSON body too large.'),
  notJson: () =>
    new StorageApiError(400, 'parseError', 'Parse Error: the request body is not JSON.'),
};

/** A JSON request body; an empty one is the empty object. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const body = await readJsonBody(req, JSON_LIMITS);
  return body === undefined ? {} : body;
}

/** Refuses early when the declared length is already over the limit. */
export function checkDeclaredLength(req: IncomingMessage, max: number): void {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > max) {
    throw new StorageApiError(413, 'uploadTooLarge', `Uploads are limited to ${max} bytes.`);
  }
}

export function decodeName(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw invalid(`Malformed percent-encoding in ${raw}`);
  }
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

export function originOf(req: IncomingMessage, fallback: string): string {
  const host = req.headers.host;
  return host ? `http://${host}` : fallback;
}

export type ByteRange = { start: number; end: number } | 'unsatisfiable' | undefined;

/**
 * One `bytes=` range, inclusive, read as Cloud Storage reads it (the facts and their sources are
 * in RANGES.md): an end past the object is clipped, a suffix longer than the object is the whole
 * object, and a start at or past the end is unsatisfiable, as is any range of an empty object
 * (GCS answers those 416 with a Content-Range of total 0, which googleapis/python-storage's
 * ChunkedDownload reads as "empty"). What is not one well-formed range (several ranges, another
 * unit, a last byte before the first) is ignored and the whole object served, as RFC 9110 §14.2
 * allows.
 */
export function parseRange(value: string | undefined, size: number): ByteRange {
  if (!value) return undefined;
  // Range units are case-insensitive (RFC 9110 §14.1).
  const match = /^bytes=(\d*)-(\d*)$/i.exec(value.trim());
  if (!match) return undefined;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return undefined;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  // An invalid range (last < first, RFC 9110 §14.1.1) is ignored, even one starting past the end.
  if (last !== '' && Number(last) < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  return { start, end };
}
