import { DEFAULT_PROJECT_ID } from '../default-project.ts';
import { AccessPolicy } from '../net/access-policy.ts';
import type { AccessOptions } from '../net/access-policy.ts';
import { listen } from '../net/listen.ts';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { validateClaims } from './claims.ts';
import { AuthApiError } from './errors.ts';
import { sendJson } from '../net/json.ts';
import { readBody, setCorsHeaders } from './http-io.ts';
import type { OperationContext } from './operations.ts';
import { route } from './routes.ts';
import type { StoreSnapshot } from './store.ts';
import { AuthStore } from './store.ts';
import { customUserIdToken, mintIdToken } from './tokens.ts';
import type { AuthUser, SignInProvider, UserListener } from './types.ts';
import { keepIdleConnections } from '../net/keep-alive.ts';
import { logger } from '../log.ts';

const log = logger('auth');

/** `allowedHosts` and `allowedOrigins`: who besides loopback may call (net/access-policy.ts). */
export interface AuthServerOptions extends AccessOptions {
  host?: string;
  /** 0 picks a free port. Defaults to the Auth emulator's 9099. */
  port?: number;
  /** The project of client calls, which name none (the official emulator maps API keys to it). */
  defaultProject?: string;
}

export interface AuthServer {
  readonly host: string;
  readonly port: number;
  /** e.g. 'http://127.0.0.1:9099', for connectAuthEmulator. */
  readonly url: string;
  /** e.g. '127.0.0.1:9099', for FIREBASE_AUTH_EMULATOR_HOST. */
  readonly hostAndPort: string;
  stop(): Promise<void>;
  /** Forgets every account and refresh token of every project. */
  reset(): void;
  /** Listens for new accounts; returns a function that stops listening. */
  onUserCreated(listener: UserListener): () => void;
  /** Listens for deleted accounts; returns a function that stops listening. */
  onUserDeleted(listener: UserListener): () => void;
  snapshot(file: string): Promise<void>;
  restore(file: string): Promise<void>;
  /** For tests: mint an emulator-style ID token for a uid (the user need not be signed in via REST). */
  mintIdToken(project: string, uid: string, claims?: Record<string, unknown>): string;
  /** A user's name and email, for views that show who a uid is; undefined when there is no user. */
  describeUser(
    project: string,
    uid: string,
  ): { displayName: string | null; email: string | null } | undefined;
}

export const DEFAULT_AUTH_PORT = 9099;

interface PendingEvent {
  kind: 'created' | 'deleted';
  project: string;
  user: AuthUser;
}

export async function startAuthServer(options: AuthServerOptions = {}): Promise<AuthServer> {
  const host = options.host ?? '127.0.0.1';
  const defaultProject = options.defaultProject ?? DEFAULT_PROJECT_ID;
  const store = new AuthStore();
  const listeners = { created: new Set<UserListener>(), deleted: new Set<UserListener>() };
  const access = new AccessPolicy(options, host);

  function deliver(events: PendingEvent[]): void {
    for (const event of events) {
      for (const listener of listeners[event.kind]) {
        try {
          listener(event.project, event.user);
        } catch (error) {
          log.error(`a user ${event.kind} listener failed`, error);
        }
      }
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Any Bearer token is an admin's here, so a page the policy refuses gets nothing, CORS included.
    if (access.refuse(req, res)) {
      req.resume();
      return;
    }
    setCorsHeaders(req, res);
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const found = route(req.method ?? 'GET', url.pathname);
    if (!found) {
      sendJson(res, 404, new AuthApiError(`NOT_FOUND : ${url.pathname}`, 404).toJSON());
      return;
    }
    const events: PendingEvent[] = [];
    const ctx: OperationContext = {
      store,
      project: found.project ?? defaultProject,
      projectFromPath: found.project !== undefined,
      privileged: /^Bearer\s+\S/i.test(req.headers.authorization ?? ''),
      query: url.searchParams,
      emit: (kind, project, user) => events.push({ kind, project, user: structuredClone(user) }),
    };
    const targetProject = url.searchParams.get('targetProjectId');
    if (targetProject && ctx.privileged) ctx.project = targetProject;
    const body = await readBody(req);
    const result = await found.operation(ctx, body);
    if (events.length > 0) {
      // Listeners run after the caller has its answer, never inside the request.
      res.once('finish', () => {
        setImmediate(() => {
          deliver(events);
        });
      });
    }
    sendJson(res, 200, result);
  }

  const server = keepIdleConnections(
    createServer((req, res) => {
      handle(req, res).catch((error: unknown) => {
        if (res.headersSent) return;
        if (error instanceof AuthApiError) {
          sendJson(res, error.status, error.toJSON());
        } else {
          log.error('internal error', error);
          sendJson(res, 500, new AuthApiError('INTERNAL_ERROR', 500).toJSON());
        }
      });
    }),
  );

  const requestedPort = options.port ?? DEFAULT_AUTH_PORT;
  await listen(server, host, requestedPort, 'Auth');
  const port = (server.address() as AddressInfo).port;
  const hostAndPort = `${host.includes(':') ? `[${host}]` : host}:${String(port)}`;

  const subscribe = (set: Set<UserListener>, listener: UserListener): (() => void) => {
    set.add(listener);
    return () => set.delete(listener);
  };

  return {
    host,
    port,
    url: `http://${hostAndPort}`,
    hostAndPort,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
        server.closeAllConnections();
      }),
    reset: () => {
      store.clear();
    },
    onUserCreated: (listener) => subscribe(listeners.created, listener),
    onUserDeleted: (listener) => subscribe(listeners.deleted, listener),
    snapshot: async (file) => {
      await mkdir(dirname(file), { recursive: true });
      const temporary = `${file}.${String(process.pid)}.tmp`;
      await writeFile(temporary, JSON.stringify(store.toSnapshot()));
      await rename(temporary, file);
    },
    restore: async (file) => {
      store.loadSnapshot(JSON.parse(await readFile(file, 'utf8')) as StoreSnapshot);
    },
    describeUser: (project, uid) => {
      const stored = store.get(project, uid);
      if (stored === undefined) return undefined;
      return { displayName: stored.displayName ?? null, email: stored.email ?? null };
    },
    mintIdToken: (project, uid, claims) => {
      if (claims) validateClaims(claims);
      const stored = store.get(project, uid);
      if (!stored) return customUserIdToken(project, uid, claims);
      const provider: SignInProvider = stored.email !== undefined ? 'password' : 'anonymous';
      return mintIdToken(stored, { project, provider, ...(claims && { extraClaims: claims }) });
    },
  };
}
