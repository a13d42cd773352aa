import type { IncomingMessage, ServerResponse } from 'node:http';
import { status } from '@grpc/grpc-js';
import type { FirestoreFrontend } from '../client/frontend.ts';
import { RpcError } from '../data/errors.ts';
import { databaseKey } from '../data/names.ts';
import { serveRulesEndpoint } from '../../rules/http-endpoints.ts';
import type { RulesHolder } from '../../rules/rules-holder.ts';
import { sendJson } from '../../net/json.ts';

const CLEAR = /^\/emulator\/v1\/projects\/([^/]+)\/databases\/([^/]+)\/documents$/;

/**
 * The Emulator Suite's own endpoints that clients call: `DELETE
 * /emulator/v1/projects/{p}/databases/{d}/documents` (what @firebase/rules-unit-testing's
 * clearFirestore sends) drops that database's documents; the rules endpoints load a project's
 * rules and report their coverage.
 */
export function serveEmulatorRoute(
  frontend: FirestoreFrontend,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  body: string,
  onCleared: () => void,
  rules: RulesHolder | undefined,
): void {
  if (rules && serveRulesEndpoint(rules, req, res, url, body)) return;
  const clear = CLEAR.exec(url.pathname);
  if (clear?.[1] && clear[2] && req.method === 'DELETE') {
    const project = decodeURIComponent(clear[1]);
    const database = decodeURIComponent(clear[2]);
    frontend.engine.store.clearDatabase(databaseKey({ project, database }));
    onCleared();
    sendJson(res, 200, {});
    return;
  }
  throw new RpcError(
    status.NOT_FOUND,
    `No emulator endpoint answers ${req.method ?? ''} ${url.pathname}.`,
  );
}
