import type { IncomingMessage, ServerResponse } from 'node:http';
import { AuthApiError } from './errors.ts';
import type { RequestBody } from './request-body.ts';
import { camelCaseKeys } from './request-body.ts';

const MAX_BODY_BYTES = 1024 * 1024;

/** Reads a JSON or form-encoded body (the token endpoint uses the latter). */
export async function readBody(req: IncomingMessage): Promise<RequestBody> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new AuthApiError('INVALID_ARGUMENT : Request too large');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  const contentType = req.headers['content-type'] ?? '';
  if (contentType.includes('application/x-www-form-urlencoded')) {
    return camelCaseKeys(Object.fromEntries(new URLSearchParams(text)));
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AuthApiError('INVALID_ARGUMENT : Invalid JSON payload received.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new AuthApiError('INVALID_ARGUMENT : Invalid JSON payload received.');
  }
  return camelCaseKeys(parsed as RequestBody);
}

/** Browsers call the emulator cross-origin, so every response allows any origin. */
export function setCorsHeaders(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*');
  res.setHeader('Vary', 'Origin');
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS');
  res.setHeader(
    'Access-Control-Allow-Headers',
    req.headers['access-control-request-headers'] ??
      'Authorization, Content-Type, X-Client-Version, X-Firebase-Locale, X-Firebase-gmpid, X-Firebase-Client, X-Firebase-AppCheck',
  );
  res.setHeader('Access-Control-Max-Age', '3600');
}

export function sendJson(res: ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}
