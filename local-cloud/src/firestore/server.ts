import { Server } from '@grpc/grpc-js';
import { AccessPolicy } from '../net/access-policy.ts';
import type { AccessOptions } from '../net/access-policy.ts';
import { stopGracefully } from '../net/grpc.ts';
import { listenShared } from '../net/shared-port.ts';
import type { status } from '@grpc/grpc-js';
import { FirestoreRulesAuthorizer } from '../rules/firestore/authorizer.ts';
import { RulesHolder } from '../rules/rules-holder.ts';
import { FirestoreFrontend } from './client/frontend.ts';
import { WriteStream } from './client/write-stream.ts';
import { FirestoreEngine } from './data/engine.ts';
import type { FirestoreChange } from './data/engine.ts';
import { FaultInjector } from './faults.ts';
import { FirestoreHttp } from './http/firestore-http.ts';
import type { FirestoreHttpOptions } from './http/firestore-http.ts';
import type { FirestoreMethod } from './faults.ts';
import { loadIndexConfig } from './data/indexes.ts';
import type { OpCounts } from './data/ops.ts';
import { ListenHub } from './listen/listen-hub.ts';
import { loadSnapshot, saveSnapshot } from './data/persistence.ts';
import { firestoreHandlers, loadFirestoreService } from './service.ts';

/**
 * Who may reach the HTTP side (REST, WebChannel, the emulator endpoints): loopback and the
 * `allowedHosts` and `allowedOrigins` given (net/access-policy.ts). Browsers cannot speak gRPC's
 * HTTP/2 without TLS, so the gRPC side needs no such guard.
 */
export interface FirestoreServerOptions extends AccessOptions {
  /** default '127.0.0.1' */
  host?: string;
  /** default 0: a free port */
  port?: number;
  /** path to firestore.indexes.json; when absent, no composite indexes are declared */
  indexesFile?: string;
  /** default true: queries needing an undeclared index fail with FAILED_PRECONDITION */
  strictIndexes?: boolean;
  /** idle time after which an abandoned transaction expires; default 60 s as in production */
  transactionIdleTimeoutMs?: number;
  /**
   * how far back reads at a read time and listen resumes reach, and so how long superseded and
   * deleted documents are kept; default one hour as in production (READ_TIME_WINDOW_MS)
   */
  readTimeWindowMs?: number;
  /** the HTTP/1.1 side (REST, WebChannel) sharing the port: body limit, WebChannel timings */
  http?: FirestoreHttpOptions;
  /**
   * firestore.rules to evaluate for every client request, reloaded when the file changes. Without
   * it client requests are allowed until rules are loaded through the emulator endpoint.
   */
  rulesFile?: string;
  /**
   * told when the rules file changed: undefined once reloaded, else why the previous rules stay (a
   * RulesSyntaxError with its line and column, or the error reading the file)
   */
  onRulesReload?: (error: Error | undefined) => void;
}

export interface FirestoreServer {
  /** What every transport calls; its `authorizer` decides client requests. */
  readonly frontend: FirestoreFrontend;
  /** The open Listen streams and their targets. */
  readonly listenHub: ListenHub;
  /** REST, WebChannel and the emulator endpoints, served on the gRPC port. */
  readonly http: FirestoreHttp;
  /** The security rules in force, their recent decisions and coverage. */
  readonly rules: RulesHolder;
  readonly host: string;
  readonly port: number;
  /** 'host:port', the value for FIRESTORE_EMULATOR_HOST */
  readonly address: string;
  stop(): Promise<void>;
  /** drops all data in all projects, open transactions and the op counters */
  reset(): void;
  ops(): OpCounts;
  resetOps(): void;
  /** every committed change, in commit order, after the commit */
  onChange(listener: (c: FirestoreChange) => void): () => void;
  snapshot(file: string): Promise<void>;
  restore(file: string): Promise<void>;
  setStrictIndexes(strict: boolean): void;
  /** fails the next `count` calls of `method` (after letting `afterCalls` through) with `code` */
  failNext(method: FirestoreMethod, code: status, count?: number, afterCalls?: number): void;
  /** alias of failNext */
  injectFault(method: FirestoreMethod, code: status, count?: number, afterCalls?: number): void;
  clearFaults(): void;
}

export async function startFirestoreServer(
  opts: FirestoreServerOptions = {},
): Promise<FirestoreServer> {
  const host = opts.host ?? '127.0.0.1';
  const engine = new FirestoreEngine(
    loadIndexConfig(opts.indexesFile),
    opts.strictIndexes ?? true,
    {
      idleMs: opts.transactionIdleTimeoutMs ?? 60_000,
      maxMs: 270_000,
    },
    opts.readTimeWindowMs,
  );
  const faults = new FaultInjector();
  const rules = new RulesHolder('cloud.firestore');
  if (opts.rulesFile !== undefined) rules.loadFile(opts.rulesFile, opts.onRulesReload);
  const frontend = new FirestoreFrontend(
    engine,
    faults,
    new FirestoreRulesAuthorizer(rules, engine),
  );
  const listenHub = new ListenHub(engine, () => frontend.authorizer);
  frontend.serveStream('Listen', (identity, sink) => listenHub.open(identity, sink));
  frontend.serveStream(
    'Write',
    (identity, sink) => new WriteStream(engine, () => frontend.authorizer, identity, sink),
  );
  const server = new Server({ 'grpc.max_receive_message_length': 64 * 1024 * 1024 });
  server.addService(loadFirestoreService(), firestoreHandlers(frontend));
  const http = new FirestoreHttp(frontend, {
    rules,
    access: new AccessPolicy(opts, host),
    ...opts.http,
    onDatabaseCleared: () => {
      listenHub.dataReplaced();
    },
  });
  // gRPC (firebase-admin, the Node SDK) and HTTP/1.1 (browsers, REST tools) on one port.
  const shared = await listenShared(server, http.server, host, opts.port ?? 0, 'Firestore');
  const port = shared.port;
  const fail = (method: FirestoreMethod, code: status, count = 1, afterCalls = 0): void => {
    faults.failNext(method, code, count, afterCalls);
  };
  return {
    host,
    port,
    address: `${host}:${String(port)}`,
    frontend,
    listenHub,
    http,
    rules,
    stop: async () => {
      rules.close();
      http.close();
      listenHub.close();
      engine.txs.clear();
      await stopGracefully(server);
      await shared.close();
    },
    reset: () => {
      engine.reset();
      rules.reset();
      listenHub.dataReplaced();
    },
    ops: () => engine.ops.get(),
    resetOps: () => {
      engine.ops.reset();
    },
    onChange: (listener) => engine.onChange(listener),
    snapshot: (file) => saveSnapshot(engine.store, file),
    restore: async (file) => {
      engine.txs.clear();
      await loadSnapshot(engine.store, file);
      listenHub.dataReplaced();
    },
    setStrictIndexes: (strict) => {
      engine.strictIndexes = strict;
    },
    failNext: fail,
    injectFault: fail,
    clearFaults: () => {
      faults.clear();
    },
  };
}
