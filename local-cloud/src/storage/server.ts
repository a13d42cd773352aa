import { DEFAULT_PROJECT_ID } from '../default-project.ts';
import { AccessPolicy } from '../net/access-policy.ts';
import { listen } from '../net/listen.ts';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdir } from 'node:fs/promises';
import { RulesHolder } from '../rules/rules-holder.ts';
import { StorageRulesAuthorizer } from '../rules/storage/authorizer.ts';
import { serveRulesEndpoint } from '../rules/http-endpoints.ts';
import type { StorageContext } from './context.ts';
import { StorageApiError } from './errors.ts';
import { StorageEvents } from './events.ts';
import { handleFirebaseApi } from './firebase-routes.ts';
import { handleDownload, handleJsonApi, handleUpload } from './gcs-routes.ts';
import { sendJson } from '../net/json.ts';
import { answerPreflight, applyCors, readJson, sendEmpty, sendError } from './http.ts';
import { ObjectStore } from './object-store.ts';
import type { StorageServer, StorageServerOptions } from './types.ts';
import { UploadSessions } from './uploads.ts';
import { keepIdleConnections } from '../net/keep-alive.ts';
import { logger } from '../log.ts';

const log = logger('storage');

const DEFAULT_MAX_UPLOAD_BYTES = 1024 ** 3;

/** The project a bucket such as 'demo-project.appspot.com' belongs to. */
function projectOf(bucket: string | undefined): string {
  const m = bucket ? /^(.+?)\.(?:appspot\.com|firebasestorage\.app)$/.exec(bucket) : null;
  return m?.[1] ?? bucket ?? DEFAULT_PROJECT_ID;
}

/** Starts the Storage emulator: the JSON API, upload/download paths and Firebase `/v0`. */
export async function startStorageServer(options: StorageServerOptions): Promise<StorageServer> {
  const host = options.host ?? '127.0.0.1';
  await mkdir(options.dataDir, { recursive: true });
  const store = await ObjectStore.open(options.dataDir);
  if (options.defaultBucket) await store.ensureBucket(options.defaultBucket);

  const inFlight = new Set<Promise<void>>();
  const events = new StorageEvents();
  const sessions = new UploadSessions();
  const ready: { ctx?: StorageContext } = {};
  // The JSON API and downloads take no credentials at all (they are the admin's), so a page the
  // policy refuses must get nothing from any route.
  const access = new AccessPolicy(options, host);
  const projectId = options.projectId ?? projectOf(options.defaultBucket);
  const rules = new RulesHolder('firebase.storage');
  if (options.rulesFile !== undefined) rules.loadFile(options.rulesFile, options.onRulesReload);
  const emulator: EmulatorControl = {
    rules,
    projectId,
    reset: () => reset(),
  };

  const server = keepIdleConnections(
    createServer((req, res) => {
      const { ctx } = ready;
      if (!ctx) {
        res.destroy();
        return;
      }
      if (access.refuse(req, res)) {
        req.resume();
        return;
      }
      const handling = route(ctx, emulator, req, res).catch((error: unknown) => {
        if (!(error instanceof StorageApiError)) log.error('internal error', error);
        sendError(res, error);
      });
      inFlight.add(handling);
      void handling.finally(() => inFlight.delete(handling));
    }),
  );

  await listen(server, host, options.port ?? 0, 'Storage');
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : (options.port ?? 0);
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const hostAndPort = `${urlHost}:${port}`;
  const url = `http://${hostAndPort}`;
  ready.ctx = {
    store,
    events,
    sessions,
    rules: new StorageRulesAuthorizer(rules, projectId, options.firestore),
    baseUrl: url,
    maxUploadBytes: options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES,
    ...(options.defaultBucket ? { defaultBucket: options.defaultBucket } : {}),
    ...(options.projectCheck ? { projectCheck: options.projectCheck } : {}),
  };

  async function reset(): Promise<void> {
    await Promise.allSettled([...inFlight]);
    await sessions.closeAll();
    await store.reset();
    await store.clearTemp();
    if (options.defaultBucket) await store.ensureBucket(options.defaultBucket);
    rules.reset();
  }

  let stopping: Promise<void> | undefined;
  return {
    host,
    port,
    url,
    hostAndPort,
    projectId,
    rules,
    stop() {
      stopping ??= (async () => {
        const closed = new Promise<void>((resolve) =>
          server.close(() => {
            resolve();
          }),
        );
        rules.close();
        server.closeAllConnections();
        await Promise.allSettled([...inFlight]);
        await sessions.closeAll();
        await closed;
      })();
      return stopping;
    },
    reset,
    onFinalize: (listener) => events.on('finalize', listener),
    onDelete: (listener) => events.on('delete', listener),
  };
}

/** What the emulator's own endpoints act on. */
interface EmulatorControl {
  readonly rules: RulesHolder;
  readonly projectId: string;
  reset(): Promise<void>;
}

async function route(
  ctx: StorageContext,
  emulator: EmulatorControl,
  req: IncomingMessage,
  res: ServerResponse,
) {
  applyCors(req, res);
  if (req.method === 'OPTIONS') {
    answerPreflight(req, res);
    return;
  }
  const url = new URL(req.url ?? '/', 'http://storage.invalid');
  const path = url.pathname;
  if (path.startsWith('/internal/') || path.startsWith('/emulator/'))
    return emulatorEndpoint(emulator, req, res, url);
  const under = (prefix: string): string[] | undefined =>
    path === prefix || path.startsWith(`${prefix}/`)
      ? path.slice(prefix.length).split('/').slice(1)
      : undefined;
  let segments: string[] | undefined;
  if ((segments = under('/v0'))) return handleFirebaseApi({ ctx, req, res, url, segments });
  if ((segments = under('/upload/storage/v1')))
    return handleUpload({ ctx, req, res, url, segments });
  if ((segments = under('/download/storage/v1'))) {
    return handleDownload({ ctx, req, res, url, segments });
  }
  if ((segments = under('/storage/v1'))) return handleJsonApi({ ctx, req, res, url, segments });
  // STORAGE_EMULATOR_HOST makes @google-cloud/storage drop the /storage/v1 prefix.
  if ((segments = under('/b')))
    return handleJsonApi({ ctx, req, res, url, segments: ['b', ...segments] });
  req.resume();
  throw new StorageApiError(404, 'notFound', `No route for ${req.method ?? ''} ${path}`);
}

const SET_RULES = /^\/emulator\/v1\/projects\/[^/:]+:securityRules$/;

/**
 * The Storage emulator's own endpoints: `PUT /internal/setRules` (what
 * @firebase/rules-unit-testing and the Firebase CLI call) and `POST /internal/reset`; and, as on
 * local-cloud's Firestore, `PUT /emulator/v1/projects/{p}:securityRules` and the coverage report
 * at `GET /emulator/v1/projects/{p}:ruleCoverage[.html]`. Rules set here hold for every bucket.
 */
async function emulatorEndpoint(
  emulator: EmulatorControl,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const { pathname } = url;
  if (req.method === 'PUT' && (pathname === '/internal/setRules' || SET_RULES.test(pathname))) {
    setRules(emulator, await readJson(req), res);
    return;
  }
  if (req.method === 'POST' && pathname === '/internal/reset') {
    req.resume();
    await emulator.reset();
    sendEmpty(res, 200);
    return;
  }
  req.resume();
  if (req.method === 'GET' && serveRulesEndpoint(emulator.rules, req, res, url, '')) return;
  throw new StorageApiError(404, 'notFound', `No route for ${req.method ?? ''} ${pathname}`);
}

/** Answers as the emulator does: 200 `{message}`, or 400 `{message}` saying what is wrong. */
function setRules(emulator: EmulatorControl, body: unknown, res: ServerResponse): void {
  const files = (body as { rules?: { files?: unknown } } | null)?.rules?.files;
  if (!Array.isArray(files) || files.length === 0) {
    sendJson(res, 400, { message: "Request body must include 'rules.files' array" });
    return;
  }
  const file = files[0] as { content?: unknown };
  if (files.length > 1 || typeof file.content !== 'string') {
    sendJson(res, 400, {
      message: "local-cloud takes one member of 'rules.files', with 'content', for every bucket",
    });
    return;
  }
  try {
    emulator.rules.setForProject(emulator.projectId, file.content);
  } catch (error) {
    // A syntax error says line:column; a file without `service firebase.storage` says so too.
    sendJson(res, 400, {
      message: `There was an error updating rules: ${error instanceof Error ? error.message : String(error)}`,
    });
    return;
  }
  sendJson(res, 200, { message: 'Rules updated successfully' });
}
