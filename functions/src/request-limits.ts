import type { IncomingMessage } from 'node:http';

/** Why a request body is refused before it is looked at, and the HTTP status that says so. */
export interface BodyRefusal {
  readonly status: 400 | 413 | 415;
  readonly reason: string;
}

const DIGITS = /^\d+$/;

/**
 * The body checks that run first in `ingest` and every callable, before anything reads the data.
 * They look at what the platform's body parser already did, which differs by where the function
 * runs (docs/SECURITY.md, "Request bodies"): so they check the declared headers as well as the
 * bytes that arrived.
 *
 * - A `Content-Encoding` other than `identity` is refused: no client of ours compresses requests,
 *   and a compressed body is the one whose size its length does not tell.
 * - `Content-Length` must be digits and at most `maxBytes`.
 * - `rawBody` (the decoded bytes, also for a chunked body that declared no length) at most
 *   `maxBytes`, and not empty.
 */
export function refuseBody(
  request: IncomingMessage & { rawBody?: Buffer },
  maxBytes: number,
): BodyRefusal | undefined {
  const encoding = (request.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity') {
    return { status: 415, reason: 'Send the body uncompressed (no Content-Encoding).' };
  }
  const tooLarge: BodyRefusal = {
    status: 413,
    reason: `The body may be at most ${String(maxBytes / 1024)} KB.`,
  };
  const declared = request.headers['content-length'];
  if (declared !== undefined) {
    if (!DIGITS.test(declared.trim())) {
      return { status: 400, reason: 'The Content-Length header is not a number.' };
    }
    if (Number(declared) > maxBytes) return tooLarge;
  }
  const size = request.rawBody?.length ?? 0;
  if (size > maxBytes) return tooLarge;
  if (size === 0) return { status: 400, reason: 'The body is empty: send a JSON object.' };
  return undefined;
}

/** A parsed JSON body that is an object (not an array, string, number or null). */
export function isJsonObject(body: unknown): body is Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body);
}
