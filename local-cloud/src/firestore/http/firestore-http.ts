import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { BidiMethod, FirestoreFrontend } from '../client/frontend.ts';
import { BodyTooLargeError, DEFAULT_MAX_BODY_BYTES, readBody } from './body.ts';
import { answerPreflight, applyCors } from './cors.ts';
import type { RulesHolder } from '../../rules/rules-holder.ts';
import { serveEmulatorRoute } from './emulator-routes.ts';
import { asRpcError, errorPayload } from './errors.ts';
import { AccessPolicy } from '../../net/access-policy.ts';
import { sendJson } from '../../net/json.ts';
import { serveRest } from './rest.ts';
import {
  DEFAULT_WEBCHANNEL_TIMINGS,
  WEBCHANNEL_PATH,
  WebChannelServer,
} from './webchannel/channel.ts';
import type { WebChannelTimings } from './webchannel/session.ts';
import { keepIdleConnections } from '../../net/keep-alive.ts';

export interface FirestoreHttpOptions {
  /** default 10 MiB; larger bodies get 413 (status INVALID_ARGUMENT in the JSON error) */
  maxBodyBytes?: number;
  webChannel?: Partial<WebChannelTimings>;
  /** after `DELETE /emulator/v1/…/documents` dropped a database (open listeners must resync) */
  onDatabaseCleared?: () => void;
  /** the security rules the emulator endpoints load and report on */
  rules?: RulesHolder;
  /** who may call; loopback hosts and origins only by default */
  access?: AccessPolicy;
}

/**
 * Everything Firestore serves over HTTP/1.1 next to gRPC: the REST API, the browser SDK's
 * WebChannel streams and the Emulator Suite's own endpoints.
 */
export class FirestoreHttp {
  readonly server: Server;
  readonly webChannel: WebChannelServer;
  private readonly frontend: FirestoreFrontend;
  private readonly maxBodyBytes: number;
  private readonly onDatabaseCleared: () => void;
  private readonly rules: RulesHolder | undefined;
  private readonly access: AccessPolicy;

  constructor(frontend: FirestoreFrontend, options: FirestoreHttpOptions = {}) {
    this.frontend = frontend;
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.onDatabaseCleared = options.onDatabaseCleared ?? (() => undefined);
    this.rules = options.rules;
    this.access = options.access ?? new AccessPolicy();
    this.webChannel = new WebChannelServer(frontend, {
      ...DEFAULT_WEBCHANNEL_TIMINGS,
      ...options.webChannel,
    });
    this.server = keepIdleConnections(
      createServer((req, res) => {
        void this.handle(req, res);
      }),
    );
    // Back channels stay open for as long as a client listens.
    this.server.requestTimeout = 0;
  }

  /** Ends every WebChannel session and drops the server's connections. */
  close(): void {
    this.webChannel.close();
    this.server.closeAllConnections();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      // Before CORS: a refused page gets no CORS headers, so its browser shows it nothing.
      if (this.access.refuse(req, res)) {
        req.resume();
        return;
      }
      if (req.method === 'OPTIONS') {
        req.resume();
        answerPreflight(req, res);
        return;
      }
      applyCors(req, res);
      const url = new URL(req.url ?? '/', 'http://localhost');
      const body =
        req.method === 'GET' || req.method === 'HEAD' ? '' : await readBody(req, this.maxBodyBytes);
      if (req.method === 'GET' && url.pathname === '/') {
        res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Ok');
        return;
      }
      const channel = WEBCHANNEL_PATH.exec(url.pathname);
      if (channel?.[1]) {
        this.webChannel.handle(channel[1] as BidiMethod, req, res, url, body);
        return;
      }
      if (url.pathname.startsWith('/emulator/')) {
        serveEmulatorRoute(this.frontend, req, res, url, body, this.onDatabaseCleared, this.rules);
        return;
      }
      await serveRest(this.frontend, req, res, url, body);
    } catch (e) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (e instanceof BodyTooLargeError) {
        sendJson(res, 413, {
          error: { code: 413, message: e.message, status: 'INVALID_ARGUMENT' },
        });
        return;
      }
      const error = asRpcError(e);
      sendJson(res, errorPayload(error).error.code, errorPayload(error));
    }
  }
}
