// Chooses which Firestore the conformance suite talks to and opens clients on it.
//
// - FIRESTORE_EMULATOR_HOST already set when the suite starts: the official emulator (or any other
//   external Firestore emulator) at that address. Tests that only make sense against local-cloud
//   (strict composite indexes) are skipped.
// - otherwise: local-cloud's in-process server on a free port, one server per test file.
//
// Clients are the unmodified SDKs (firebase-admin, and @google-cloud/firestore where admin hides a
// setting such as useBigInt), pointed at the server through FIRESTORE_EMULATOR_HOST as an app would be.
import { createServer } from 'node:net';
import { randomUUID } from 'node:crypto';
import { Firestore as GcpFirestore } from '@google-cloud/firestore';
import { deleteApp, initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import type { Firestore } from 'firebase-admin/firestore';
import { startFirestoreServer } from '../../src/firestore/index.ts';
import type { FirestoreServer } from '../../src/firestore/index.ts';

const externalHost = process.env.FIRESTORE_EMULATOR_HOST;

// Emulators need no credentials, but google-auth-library still probes for a GCE metadata server
// (and warns when there is none). Tests never run on GCE, so the probe is switched off.
process.env.METADATA_SERVER_DETECTION ??= 'none';

/** Which implementation the suite runs against. */
export const target: 'local-cloud' | 'official' =
  externalHost !== undefined && externalHost !== '' ? 'official' : 'local-cloud';

/** True when the suite drives local-cloud, so local-cloud-only behaviour can be checked. */
export const onLocalCloud = target === 'local-cloud';

/** gRPC status codes Firestore answers with; the SDKs expose them as `error.code`. */
export const Code = {
  INVALID_ARGUMENT: 3,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
} as const;

export interface Backend {
  readonly projectId: string;
  /** firebase-admin's Firestore, as the product uses it. */
  readonly db: Firestore;
  /** A client with `useBigInt`, which firebase-admin cannot set: int64 values come back as bigint. */
  bigIntDb(): GcpFirestore;
  /** The local-cloud server, undefined against the official emulator. */
  readonly server: FirestoreServer | undefined;
  close(): Promise<void>;
}

export interface BackendOptions {
  /** Path of a firestore.indexes.json for local-cloud. */
  indexesFile?: string;
  /**
   * Whether local-cloud enforces composite indexes. Off by default here because the suite follows the
   * official emulator, which never asks for an index; indexes.test.ts turns it on to follow production.
   */
  strictIndexes?: boolean;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => {
        resolve(port);
      });
    });
  });
}

/** Empties a project on an external emulator, which keeps data between runs of the suite. */
async function clearProject(db: Firestore): Promise<void> {
  for (const collection of await db.listCollections()) await db.recursiveDelete(collection);
}

/**
 * Opens a backend for one test file. `name` makes the project id (`demo-conf-<name>`), so files can
 * share an external emulator and run in parallel.
 */
export async function openBackend(name: string, options: BackendOptions = {}): Promise<Backend> {
  const projectId = `demo-conf-${name}`;
  let server: FirestoreServer | undefined;
  if (target === 'local-cloud') {
    server = await startFirestoreServer({
      host: '127.0.0.1',
      port: await freePort(),
      strictIndexes: options.strictIndexes ?? false,
      ...(options.indexesFile === undefined ? {} : { indexesFile: options.indexesFile }),
    });
    process.env.FIRESTORE_EMULATOR_HOST = server.address;
  }

  const app = initializeApp({ projectId }, `conformance-${name}-${randomUUID()}`);
  const db = getFirestore(app);
  if (server === undefined) await clearProject(db);
  let bigInt: GcpFirestore | undefined;

  return {
    projectId,
    db,
    server,
    bigIntDb() {
      bigInt ??= new GcpFirestore({ projectId, useBigInt: true });
      return bigInt;
    },
    async close() {
      await deleteApp(app);
      await bigInt?.terminate();
      if (server !== undefined) {
        await server.stop();
        // Leave the environment as found so a later file in this worker picks its target afresh.
        delete process.env.FIRESTORE_EMULATOR_HOST;
      }
    },
  };
}

/** Ids of a query result, in order. */
export function ids(snapshot: { docs: readonly { id: string }[] }): string[] {
  return snapshot.docs.map((d) => d.id);
}
