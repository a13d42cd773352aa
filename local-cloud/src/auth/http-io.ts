import type { IncomingMessage, ServerResponse } from 'node:http';
import { AuthApiError } from './errors.ts';
import { parseJsonObject, readText } from '../net/json.ts';
import type { RequestBody } from './request-body.ts';
import { camelCaseKeys } from './request-body.ts';

const LIMITS = {
  maxBytes: 1024 * 1024,
  tooLarge: () => new AuthApiError('INVALID_ARGUMENT : Request too large'),
};

const invalidJson = () => new AuthApiError('INVALID_ARGUMENT : Invalid JSON payload received.');

/** Reads a JSON or form-encoded body (the token endpoint uses the latter). */
export async function readBody(req: IncomingMessage): Promise<RequestBody> {
  const text = await readText(req, LIMITS);
  if (text.trim() === '') return {};
  const contentType = req.headers['content-type'] ?? '';
  if (contentType.includes('application/x-www-form-urlencoded')) {
    return camelCaseKeys(Object.fromEntries(new URLSearchParams(text)));
  }
  return camelCaseKeys(parseJsonObject(text, invalidJson));
}

/**
 * Browsers call the emulator cross-origin, so every response allows the request's origin, which
 * the access policy has admitted before (server.ts).
 */
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
