// The four backends startLocalCloud starts, each from the options that concern it.
import { startAuthServer } from '../auth/index.ts';
import type { AuthServer } from '../auth/index.ts';
import { startFirestoreServer } from '../firestore/index.ts';
import type { FirestoreServer } from '../firestore/index.ts';
import { startSchedulerServer } from '../scheduler/index.ts';
import type { SchedulerServer } from '../scheduler/index.ts';
import { startStorageServer } from '../storage/index.ts';
import type { StorageServer } from '../storage/index.ts';
import type { AccessOptions } from '../net/access-policy.ts';
import type { LocalCloudOptions } from '../local-cloud.ts';
import type { ProjectCheck } from '../single-project.ts';

export interface Backends {
  readonly firestoreServer: FirestoreServer;
  readonly authServer: AuthServer;
  readonly storageServer: StorageServer;
  readonly schedulerServer: SchedulerServer;
}

/** Who besides loopback may call, as every HTTP server's options take it. */
export function accessOf(options: LocalCloudOptions): AccessOptions {
  return { allowedHosts: options.allowedHosts, allowedOrigins: options.allowedOrigins };
}

/** A rules file and what to tell when it reloads, as each service's options take them. */
function rulesOptions(file: string | undefined, options: LocalCloudOptions) {
  return file === undefined
    ? {}
    : {
        rulesFile: file,
        onRulesReload: (error: Error | undefined) => options.onRulesReload?.(file, error),
      };
}

export async function startFirestore(
  options: LocalCloudOptions,
  host: string,
  port: number,
  projectCheck?: ProjectCheck,
): Promise<FirestoreServer> {
  const server = await startFirestoreServer({
    host,
    port,
    ...accessOf(options),
    ...(options.indexesFile === undefined ? {} : { indexesFile: options.indexesFile }),
    strictIndexes: options.strictIndexes ?? true,
    ...(options.firestoreReadTimeWindowMs === undefined
      ? {}
      : { readTimeWindowMs: options.firestoreReadTimeWindowMs }),
    ...rulesOptions(options.rules?.firestore, options),
  });
  server.frontend.projectCheck = projectCheck;
  return server;
}

export function startAuth(
  options: LocalCloudOptions,
  host: string,
  port: number,
  projectId: string,
): Promise<AuthServer> {
  return startAuthServer({ host, port, defaultProject: projectId, ...accessOf(options) });
}

export function startStorage(
  options: LocalCloudOptions,
  at: { host: string; port: number; dataDir: string; projectId: string; bucket: string },
  firestore: FirestoreServer,
  projectCheck?: ProjectCheck,
): Promise<StorageServer> {
  return startStorageServer({
    host: at.host,
    port: at.port,
    dataDir: at.dataDir,
    defaultBucket: at.bucket,
    projectId: at.projectId,
    ...accessOf(options),
    // The Storage rules' firestore.get() and firestore.exists() read this project's Firestore.
    firestore: firestore.frontend.engine,
    ...rulesOptions(options.rules?.storage, options),
    ...(projectCheck === undefined ? {} : { projectCheck }),
  });
}

export function startScheduler(host: string, port: number): Promise<SchedulerServer> {
  return startSchedulerServer({ host, port });
}

/** The variables that point firebase-admin and the Cloud SDKs at these backends. */
export function emulatorEnvOf(projectId: string, backends: Backends): Record<string, string> {
  const { firestoreServer, authServer, storageServer } = backends;
  return {
    GCLOUD_PROJECT: projectId,
    GOOGLE_CLOUD_PROJECT: projectId,
    FIRESTORE_EMULATOR_HOST: firestoreServer.address,
    FIREBASE_AUTH_EMULATOR_HOST: authServer.hostAndPort,
    FIREBASE_STORAGE_EMULATOR_HOST: storageServer.hostAndPort,
    STORAGE_EMULATOR_HOST: storageServer.url,
    // There are no credentials locally; without this google-auth-library probes for a GCE
    // metadata server before every client's first call.
    METADATA_SERVER_DETECTION: 'none',
  };
}
