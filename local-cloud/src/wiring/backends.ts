// The four backends startLocalCloud starts, each from the options that concern it.
import { startAuthServer } from '../auth/index.ts';
import type { AuthServer } from '../auth/index.ts';
import { startFirestoreServer } from '../firestore/index.ts';
import type { FirestoreServer } from '../firestore/index.ts';
import { startSchedulerServer } from '../scheduler/index.ts';
import type { SchedulerServer } from '../scheduler/index.ts';
import { startStorageServer } from '../storage/index.ts';
import type { StorageServer } from '../storage/index.ts';
import type { LocalCloudOptions } from '../local-cloud.ts';

export interface Backends {
  readonly firestoreServer: FirestoreServer;
  readonly authServer: AuthServer;
  readonly storageServer: StorageServer;
  readonly schedulerServer: SchedulerServer;
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

export function startFirestore(
  options: LocalCloudOptions,
  host: string,
  port: number,
): Promise<FirestoreServer> {
  return startFirestoreServer({
    host,
    port,
    ...(options.indexesFile === undefined ? {} : { indexesFile: options.indexesFile }),
    strictIndexes: options.strictIndexes ?? true,
    ...rulesOptions(options.rules?.firestore, options),
  });
}

export function startAuth(host: string, port: number, projectId: string): Promise<AuthServer> {
  return startAuthServer({ host, port, defaultProject: projectId });
}

export function startStorage(
  options: LocalCloudOptions,
  at: { host: string; port: number; dataDir: string; projectId: string; bucket: string },
  firestore: FirestoreServer,
): Promise<StorageServer> {
  return startStorageServer({
    host: at.host,
    port: at.port,
    dataDir: at.dataDir,
    defaultBucket: at.bucket,
    projectId: at.projectId,
    // The Storage rules' firestore.get() and firestore.exists() read this project's Firestore.
    firestore: firestore.frontend.engine,
    ...rulesOptions(options.rules?.storage, options),
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
