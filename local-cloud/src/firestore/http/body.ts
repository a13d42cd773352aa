import type { IncomingMessage } from 'node:http';

/** Requests larger than this are refused (Firestore's own limit on a request is 10 MiB). */
export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

/** A body over the limit: answered with 413, after the rest of it was read and dropped. */
export class BodyTooLargeError extends Error {
  readonly limit: number;
  constructor(limit: number) {
    super(`Request payload size exceeds the limit: ${String(limit)} bytes.`);
    this.limit = limit;
  }
}

/**
 * Reads a request body as UTF-8 up to `limit` bytes. Past the limit the rest is read and
 * discarded rather than kept, so the client still gets an answer on a connection that stays
 * usable, and memory never holds more than the limit.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    let size = 0;
    let tooLarge = declared > limit;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
      else chunks.length = 0;
    });
    req.on('end', () => {
      if (tooLarge) reject(new BodyTooLargeError(limit));
      else resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}
