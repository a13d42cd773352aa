import { listen } from '../net/listen.ts';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdir } from 'node:fs/promises';
import type { StorageContext } from './context.ts';
import { StorageApiError } from './errors.ts';
import { StorageEvents } from './events.ts';
import { handleFirebaseApi } from './firebase-routes.ts';
import { handleDownload, handleJsonApi, handleUpload } from './gcs-routes.ts';
import { answerPreflight, applyCors, sendError } from './http.ts';
import { ObjectStore } from './object-store.ts';
import type { StorageServer, StorageServerOptions } from './types.ts';
import { UploadSessions } from './uploads.ts';

const DEFAULT_MAX_UPLOAD_BYTES = 1024 ** 3;

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

  const server = createServer((req, res) => {
    const { ctx } = ready;
    if (!ctx) {
      res.destroy();
      return;
    }
    const handling = route(ctx, req, res).catch((error: unknown) => {
      if (!(error instanceof StorageApiError))
        console.error('storage emulator request failed', error);
      sendError(res, error);
    });
    inFlight.add(handling);
    void handling.finally(() => inFlight.delete(handling));
  });

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
    baseUrl: url,
    maxUploadBytes: options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES,
    ...(options.defaultBucket ? { defaultBucket: options.defaultBucket } : {}),
  };

  let stopping: Promise<void> | undefined;
  return {
    host,
    port,
    url,
    hostAndPort,
    stop() {
      stopping ??= (async () => {
        const closed = new Promise<void>((resolve) =>
          server.close(() => {
            resolve();
          }),
        );
        server.closeAllConnections();
        await Promise.allSettled([...inFlight]);
        await sessions.closeAll();
        await closed;
      })();
      return stopping;
    },
    async reset() {
      await Promise.allSettled([...inFlight]);
      await sessions.closeAll();
      await store.reset();
      await store.clearTemp();
      if (options.defaultBucket) await store.ensureBucket(options.defaultBucket);
    },
    onFinalize: (listener) => events.on('finalize', listener),
    onDelete: (listener) => events.on('delete', listener),
  };
}

async function route(ctx: StorageContext, req: IncomingMessage, res: ServerResponse) {
  applyCors(req, res);
  if (req.method === 'OPTIONS') {
    answerPreflight(req, res);
    return;
  }
  const url = new URL(req.url ?? '/', 'http://storage.invalid');
  const path = url.pathname;
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
