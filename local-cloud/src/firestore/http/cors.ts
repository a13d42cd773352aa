import type { IncomingMessage, ServerResponse } from 'node:http';

/** Response headers the client SDKs read from a cross-origin answer (WebChannel's handshake). */
const EXPOSED = 'X-HTTP-Session-Id, X-Client-Wire-Protocol, X-HTTP-Initial-Response, Content-Type';

/**
 * CORS for the origin of the request, which the access policy has already admitted (loopback or
 * allowed; firestore-http.ts refuses the others first). The web SDK sends its XHRs with
 * credentials, which rules out `*`, so the origin is echoed back.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse): void {
  const origin = req.headers.origin;
  if (origin === undefined) return;
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  res.setHeader('Access-Control-Expose-Headers', EXPOSED);
  res.setHeader('Vary', 'Origin');
}

/** Answers a preflight, allowing whatever method and headers it asks for. */
export function answerPreflight(req: IncomingMessage, res: ServerResponse): void {
  applyCors(req, res);
  if (req.headers.origin === undefined) res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader(
    'Access-Control-Allow-Methods',
    req.headers['access-control-request-method'] ?? 'GET, POST, PATCH, DELETE, OPTIONS',
  );
  const headers = req.headers['access-control-request-headers'];
  if (headers !== undefined) res.setHeader('Access-Control-Allow-Headers', headers);
  res.setHeader('Access-Control-Max-Age', '86400');
  res.writeHead(204).end();
}
