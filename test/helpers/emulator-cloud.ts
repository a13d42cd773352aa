// The integration tests' cloud on the official Firebase emulators, under `firebase emulators:exec`
// (see scripts/test-emulators.ts): the same TestCloud shape as local-cloud's harness, over the
// emulators' own endpoints. Its functions are the ones the Functions emulator loaded, with the
// params of functions/.env, .env.<project> and .env.local and the secrets of .secret.local, and
// with the background triggers (Auth, Firestore, Storage events) switched off; what only
// local-cloud has throws NotOnEmulatorsError.
import { randomUUID } from 'node:crypto';
import { deleteApp, initializeApp } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';
import { getFirestore } from 'firebase-admin/firestore';
import { Storage } from '@google-cloud/storage';
import { customUserIdToken, postCallable } from '@gadget/local-cloud/testing';
import type { TestCloud } from '@gadget/local-cloud/testing';

export class NotOnEmulatorsError extends Error {
  constructor(what: string) {
    super(
      `${what} is not available on the official emulators; skip the test there ` +
        '(it.skipIf(ON_EMULATORS)) or leave its file out of scripts/test-emulators-list.ts',
    );
    this.name = 'NotOnEmulatorsError';
  }
}

interface HubEntry {
  readonly host: string;
  readonly port: number;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run this through npm run test:emulators`);
  return value;
}

/** A fetch answer that must be a success; `what` names it in the error. */
async function ok(answer: Promise<Response>, what: string): Promise<Response> {
  const response = await answer;
  if (!response.ok) throw new Error(`${what} answered ${String(response.status)}`);
  return response;
}

/** A request to the Emulator Hub, which knows every running emulator. */
function hub(method: string, path: string): Promise<Response> {
  return ok(
    fetch(`http://${required('FIREBASE_EMULATOR_HUB')}${path}`, { method }),
    `${method} ${path}`,
  );
}

/** The running emulators, as the Emulator Hub lists them. */
async function hubEmulators(): Promise<Record<string, HubEntry | undefined>> {
  const response = await hub('GET', '/emulators');
  return (await response.json()) as Record<string, HubEntry | undefined>;
}

/** `host:port`, with an IPv6 host in brackets. */
function hostAndPort({ host, port }: HubEntry): string {
  return `${host.includes(':') ? `[${host}]` : host}:${String(port)}`;
}

export async function startEmulatorCloud(): Promise<TestCloud> {
  const projectId = required('GCLOUD_PROJECT');
  // No credentials with the emulators: stop google-auth-library probing for a GCE metadata server.
  process.env.METADATA_SERVER_DETECTION ??= 'none';
  const authHost = required('FIREBASE_AUTH_EMULATOR_HOST');
  const firestoreHost = required('FIRESTORE_EMULATOR_HOST');
  const functions = (await hubEmulators()).functions;
  if (!functions) throw new Error('the Functions emulator is not running');
  // The portable tests assert what callables do; triggers running behind them could write into
  // the next test or into a "writes nothing" window. Disabling them waits for running ones, and
  // they stay off until emulators:exec stops the emulators.
  await hub('PUT', '/functions/disableBackgroundTriggers');
  const functionsUrl = `http://${hostAndPort(functions)}/${projectId}/us-central1`;
  const storageBucket = `${projectId}.appspot.com`;
  const app = initializeApp({ projectId, storageBucket }, `emulators-${randomUUID()}`);
  const firestore = getFirestore(app);
  const bucket = () => {
    const host = process.env.FIREBASE_STORAGE_EMULATOR_HOST;
    if (!host) throw new NotOnEmulatorsError('Storage (the Storage emulator is not running)');
    return new Storage({ apiEndpoint: `http://${host}`, projectId }).bucket(storageBucket);
  };
  const notHere = (what: string) => () => {
    throw new NotOnEmulatorsError(what);
  };

  return {
    get cloud(): never {
      throw new NotOnEmulatorsError('cloud (delivery switches, fault injection)');
    },
    get outbox(): never {
      throw new NotOnEmulatorsError('the push outbox');
    },
    get bucket() {
      return bucket();
    },
    projectId,
    firestore,
    auth: getAuth(app),
    functionsUrl,
    call: (name, data, options = {}) =>
      postCallable(functionsUrl, projectId, name, data, {
        idToken:
          options.uid === undefined
            ? undefined
            : customUserIdToken(projectId, options.uid, options.claims),
        appCheck: options.appCheck ?? true,
      }),
    signUp: async (input = {}) => {
      const email = input.email ?? `user-${randomUUID().slice(0, 8)}@gadget.test`;
      const response = await fetch(
        `http://${authHost}/identitytoolkit.googleapis.com/v1/accounts:signUp?key=fake-api-key`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            email,
            password: input.password ?? 'password-123',
            ...(input.displayName ? { displayName: input.displayName } : {}),
            returnSecureToken: true,
          }),
        },
      );
      const body = (await response.json()) as { localId?: string; idToken?: string };
      if (body.localId === undefined || body.idToken === undefined) {
        throw new Error(`sign-up failed: ${String(response.status)}`);
      }
      return { uid: body.localId, email, idToken: body.idToken };
    },
    upload: async (path, bytes, contentType, metadata) => {
      await bucket()
        .file(path)
        .save(bytes, {
          contentType,
          resumable: false,
          ...(metadata && { metadata: { metadata } }),
        });
    },
    runSchedule: notHere('runSchedule (Cloud Scheduler)'),
    idle: notHere('idle() (the function host’s in-flight count)'),
    ops: notHere('ops() (Firestore op counters)'),
    resetOps: notHere('resetOps() (Firestore op counters)'),
    reset: async () => {
      await clearFirestore(firestore, firestoreHost, projectId);
      await ok(
        fetch(`http://${authHost}/emulator/v1/projects/${projectId}/accounts`, {
          method: 'DELETE',
        }),
        'clearing Auth',
      );
    },
    stop: async () => {
      await firestore.terminate();
      await deleteApp(app);
    },
  };
}

/**
 * Empties Firestore. The official emulator has an endpoint for it that fires no triggers; with
 * local-cloud's Firestore standing in (`--firestore local-cloud`, where no Firestore triggers are
 * registered), the documents are deleted through the SDK.
 */
async function clearFirestore(
  firestore: FirebaseFirestore.Firestore,
  host: string,
  projectId: string,
): Promise<void> {
  if (process.env.GADGET_EMULATOR_FIRESTORE === 'local-cloud') {
    for (const collection of await firestore.listCollections()) {
      await firestore.recursiveDelete(collection);
    }
    return;
  }
  await ok(
    fetch(`http://${host}/emulator/v1/projects/${projectId}/databases/(default)/documents`, {
      method: 'DELETE',
    }),
    'clearing Firestore',
  );
}
