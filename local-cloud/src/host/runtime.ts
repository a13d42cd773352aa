// The functions runtime: a child process per host, so each one has its own environment (emulator
// hosts, params) and its own firebase-admin app, as each Cloud Functions instance does. It loads the
// built bundle, serves callables and HTTPS functions through firebase-functions' own request
// handling, and runs event and schedule functions when the host asks over IPC.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Server } from 'node:http';
import { describeEndpoint } from './endpoints.ts';
import type { EndpointManifest, FunctionDescription } from './endpoints.ts';
import type { HostToRuntime, RuntimeBoot, RuntimeToHost, RuntimeWiring } from './protocol.ts';
import { applyParamDefaults } from './params.ts';
import { serveHttpFunctions } from './http-functions.ts';
import { forwardOutput, observe, observeHttp } from './runtime-observer.ts';

type ExportedFunction = ((...args: unknown[]) => unknown) & {
  __endpoint?: EndpointManifest;
  run?: (input: unknown) => unknown;
};

function send(message: RuntimeToHost): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const boot = JSON.parse(process.env.LOCAL_CLOUD_RUNTIME ?? '') as RuntimeBoot;
  delete process.env.LOCAL_CLOUD_RUNTIME;
  forwardOutput(send);
  Object.assign(process.env, boot.env);
  // Listen first: the host may send the wiring while the dependencies are still loading.
  const wired = new Promise<RuntimeWiring>((resolve) => {
    const onWire = (message: HostToRuntime) => {
      if (message.type === 'stop') process.exit(0);
      if (message.type !== 'wire') return;
      process.off('message', onWire);
      resolve(message.wiring);
    };
    process.on('message', onWire);
  });

  const bundleRequire = createRequire(boot.bundle);
  warmDependencies(boot.bundle, bundleRequire);
  const config = await wired;
  // The bundle itself loads only now, with every emulator variable set, so code that reads them at
  // import (a top-level getFirestore()) sees what it would under the Emulator Suite.
  Object.assign(process.env, config.env);
  const module = (await import(pathToFileURL(boot.bundle).href)) as Record<string, unknown>;
  const params = await applyParamDefaults(bundleRequire);

  const exported = new Map<string, ExportedFunction>();
  const functions: FunctionDescription[] = [];
  for (const [name, value] of Object.entries(module)) {
    if (typeof value !== 'function') continue;
    const fn = value as ExportedFunction;
    if (fn.__endpoint === undefined) continue;
    exported.set(name, fn);
    functions.push(describeEndpoint(name, fn.__endpoint));
  }

  const encodeDocumentEventData = loadFirestoreEventEncoder(bundleRequire);
  const server: Server = await serveHttpFunctions({
    host: config.host,
    port: config.port,
    projectId: boot.projectId,
    access: config.access ?? {},
    functions: functions.flatMap((description) => {
      const handler = exported.get(description.name);
      const { kind } = description.trigger;
      return handler && (kind === 'callable' || kind === 'https')
        ? [{ description, handler: observeHttp(description.name, send, handler) }]
        : [];
    }),
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;

  // A host that died without stopping us must not leave an orphan holding the functions port.
  process.on('disconnect', () => {
    process.exit(0);
  });
  process.on('message', (message: HostToRuntime) => {
    if (message.type === 'wire') return;
    if (message.type === 'stop') {
      server.close();
      server.closeAllConnections();
      process.exit(0);
    }
    const fn = exported.get(message.name);
    const reply = (promise: Promise<unknown>) => {
      promise.then(
        () => {
          send({ type: 'done', id: message.id, ok: true });
        },
        (error: unknown) => {
          send({ type: 'done', id: message.id, ok: false, error: describe(error) });
        },
      );
    };
    if (fn === undefined) {
      reply(Promise.reject(new Error(`No function named ${message.name}`)));
      return;
    }
    if (message.type === 'event') {
      const event = message.encodeFirestore
        ? {
            ...message.event,
            data: encodeDocumentEventData(message.event.data),
            datacontenttype: 'application/protobuf',
          }
        : message.event;
      reply(observe(message.name, send, () => fn(event)));
      return;
    }
    reply(
      observe(message.name, send, () => {
        if (fn.run === undefined) throw new Error(`${message.name} cannot be run on demand`);
        return fn.run({
          scheduleTime: message.scheduleTime,
          jobName: `local-cloud-${message.name}`,
        });
      }),
    );
  });

  send({ type: 'ready', port, functions, params });
}

/**
 * Loads the npm packages the bundle imports (firebase-admin, firebase-functions and what they pull
 * in: most of a cold start) while the host is still starting the backends. Packages do not read the
 * emulator variables at load, so this is safe before the wiring; the bundle's own code runs later.
 */
function warmDependencies(bundle: string, bundleRequire: NodeJS.Require): void {
  const source = readFileSync(bundle, 'utf8');
  const specifiers = new Set(
    [...source.matchAll(/^import\s[^'"]*?from\s*["']([^"'./][^"']*)["'];?$/gm)].map(
      (m) => m[1] ?? '',
    ),
  );
  for (const specifier of specifiers) {
    try {
      bundleRequire(specifier);
    } catch {
      // An ESM-only or optional package: the bundle's own import will load it.
    }
  }
}

/**
 * Firestore sends trigger payloads as a protobuf `DocumentEventData`; firebase-functions ships the
 * compiled proto it decodes them with, and encoding with the very same one keeps both sides agreed.
 */
function loadFirestoreEventEncoder(bundleRequire: NodeJS.Require): (data: unknown) => Buffer {
  const functionsRoot = join(dirname(bundleRequire.resolve('firebase-functions')), '..', '..');
  const protos = bundleRequire(join(functionsRoot, 'protos', 'compiledFirestore.js')) as {
    google: {
      events: {
        cloud: {
          firestore: {
            v1: {
              DocumentEventData: {
                fromObject(o: unknown): unknown;
                encode(m: unknown): { finish(): Uint8Array };
              };
            };
          };
        };
      };
    };
  };
  const { DocumentEventData } = protos.google.events.cloud.firestore.v1;
  return (data) =>
    Buffer.from(DocumentEventData.encode(DocumentEventData.fromObject(data)).finish());
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

main().catch((error: unknown) => {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  send({ type: 'fatal', error: describe(error), ...(typeof code === 'string' ? { code } : {}) });
  process.exitCode = 1;
});
