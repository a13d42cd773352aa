// JSON in and out of local-cloud's HTTP services. Each service words its refusals in its own
// API's error shape, so the errors are built by the caller.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Answers `body` as JSON; its length is declared, so the connection can serve the next request. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

export interface BodyLimits {
  /** the most bytes a body may have; default 10 MiB, Firestore's own limit on a request */
  readonly maxBytes?: number;
  /** the error for a body past `maxBytes` */
  readonly tooLarge?: () => Error;
  /** the error for a body that is not JSON */
  readonly notJson?: () => Error;
}

const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

/**
 * Reads a whole request body as UTF-8. Past the limit it stops reading at once and fails: the
 * caller answers and lets the connection go rather than read what the client still sends.
 */
export async function readText(req: IncomingMessage, limits: BodyLimits = {}): Promise<string> {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_BYTES;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw limits.tooLarge?.() ?? new Error('Request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses JSON text; a blank text is undefined. */
export function parseJson(text: string, notJson?: () => Error): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw notJson?.() ?? new Error('Request body is not JSON');
  }
}

/** Parses JSON text that must be an object; a blank text is the empty object. */
export function parseJsonObject(
  text: string,
  notJson: () => Error,
  notObject: () => Error = notJson,
): Record<string, unknown> {
  const value = parseJson(text, notJson);
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw notObject();
  return value as Record<string, unknown>;
}

/** Reads and parses a JSON request body; an empty one is undefined. */
export async function readJson(req: IncomingMessage, limits: BodyLimits = {}): Promise<unknown> {
  return parseJson(await readText(req, limits), limits.notJson);
}
