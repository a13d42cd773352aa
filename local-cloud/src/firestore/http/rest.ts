import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../../net/json.ts';
import type { FirestoreFrontend } from '../client/frontend.ts';
import { identityFromAuthorization } from '../client/identity.ts';
import { toProtoJson } from './proto-json.ts';
import { parseRestRequest } from './rest-routes.ts';
import type { RestCall } from './rest-routes.ts';

/**
 * Firestore's REST API (`/v1/…`): the one-shot calls of the web SDK (JSON sent as text/plain)
 * and of google-gax's REST fallback (firebase-admin with `preferRest`). Server-streaming methods
 * answer one JSON array of their response messages, as Google's REST front end does.
 */
export async function serveRest(
  frontend: FirestoreFrontend,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  body: string,
): Promise<void> {
  const identity = identityFromAuthorization(req.headers.authorization);
  const call = parseRestRequest({
    method: req.method ?? 'GET',
    path: url.pathname,
    query: url.searchParams,
    body,
  });
  sendJson(res, 200, await run(frontend, call, identity));
}

async function run(
  frontend: FirestoreFrontend,
  call: RestCall,
  identity: ReturnType<typeof identityFromAuthorization>,
): Promise<unknown> {
  switch (call.kind) {
    case 'unary':
      return toProtoJson(
        call.responseType,
        await frontend.unary(call.method, call.request, identity),
      );
    case 'streaming': {
      const responses = await frontend.serverStreaming(call.method, call.request, identity);
      return responses.map((r) => toProtoJson(call.responseType, r));
    }
    case 'write': {
      await frontend.unary('Commit', call.commit, identity);
      if (!call.readBack) return {};
      const doc = await frontend.unary('GetDocument', call.readBack, identity);
      return toProtoJson('google.firestore.v1.Document', doc);
    }
  }
}
