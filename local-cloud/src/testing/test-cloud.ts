import { randomUUID } from 'node:crypto';
import { deleteApp, initializeApp } from 'firebase-admin/app';
import type { App } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';
import type { Auth } from 'firebase-admin/auth';
import { getFirestore } from 'firebase-admin/firestore';
import type { Firestore } from 'firebase-admin/firestore';
import { Storage } from '@google-cloud/storage';
import type { Bucket } from '@google-cloud/storage';
import { startLocalCloud } from '../local-cloud.ts';
import type { LocalCloud, LocalCloudOptions } from '../local-cloud.ts';
import type { Outbox } from '../messaging/index.ts';
import { postCallable } from './callable.ts';

export interface CallOptions {
  /** Call as this user (an ID token is minted for them); anonymous when absent. */
  readonly uid?: string;
  readonly claims?: Record<string, unknown>;
  /** Send an App Check token (default true), as a verified app would. */
  readonly appCheck?: boolean;
}

export interface TestCloud {
  readonly cloud: LocalCloud;
  readonly projectId: string;
  readonly firestore: Firestore;
  readonly auth: Auth;
  readonly bucket: Bucket;
  readonly outbox: Outbox;
  readonly functionsUrl: string;
  call<T = unknown>(name: string, data?: unknown, options?: CallOptions): Promise<T>;
  /** Creates an email/password user through the Auth REST API (fires onUserCreated). */
  signUp(input?: {
    email?: string;
    password?: string;
    displayName?: string;
  }): Promise<{ uid: string; email: string; idToken: string }>;
  upload(
    path: string,
    bytes: Buffer,
    contentType: string,
    metadata?: Record<string, string>,
  ): Promise<void>;
  runSchedule(name: string, scheduleTime?: Date): Promise<void>;
  idle(): Promise<void>;
  ops(): { reads: number; writes: number; deletes: number };
  resetOps(): void;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export interface TestCloudOptions extends LocalCloudOptions {
  /** The built functions under test: what a test cloud is for, so the caller must name them. */
  readonly functions: NonNullable<LocalCloudOptions['functions']>;
}

/**
 * A local-cloud for tests: free ports, the given functions, quiet logs, fast retries, and admin
 * clients connected to it. Two can run side by side; the process-wide FIREBASE_AUTH_EMULATOR_HOST
 * that firebase-admin's Auth reads follows the most recently started one.
 */
export async function startTestCloud(options: TestCloudOptions): Promise<TestCloud> {
  const cloud = await startLocalCloud({
    projectId: `demo-test-${randomUUID().slice(0, 8)}`,
    logs: process.env.LOCAL_CLOUD_LOGS === '1' ? 'inherit' : 'silent',
    retry: { maxAttempts: 4, initialBackoffMs: 20, maxBackoffMs: 100 },
    ...options,
  });
  const { projectId } = cloud;
  // firebase-admin's Auth only reads its emulator host from the environment. Firestore and Storage
  // get this instance's addresses explicitly (their environment variables would override them).
  process.env.FIREBASE_AUTH_EMULATOR_HOST = cloud.authServer.hostAndPort;
  // No credentials locally: stop google-auth-library probing for a GCE metadata server.
  process.env.METADATA_SERVER_DETECTION ??= 'none';

  const app: App = initializeApp(
    { projectId, storageBucket: cloud.storageBucket },
    `test-cloud-${projectId}`,
  );
  const firestore = getFirestore(app);
  firestore.settings({
    host: cloud.firestoreServer.address,
    ssl: false,
    customHeaders: { Authorization: 'Bearer owner' },
  });
  const storage = new Storage({ apiEndpoint: cloud.storageServer.url, projectId });
  const bucket = storage.bucket(cloud.storageBucket);
  const functionsUrl = `http://${cloud.host}:${String(cloud.ports.functions)}/${projectId}/us-central1`;

  return {
    cloud,
    projectId,
    firestore,
    auth: getAuth(app),
    bucket,
    outbox: cloud.outbox,
    functionsUrl,
    call: (name, data, callOptions = {}) =>
      callFunction(cloud, functionsUrl, name, data, callOptions),
    signUp: (input = {}) => signUp(cloud, input),
    upload: async (path, bytes, contentType, metadata) => {
      await bucket.file(path).save(bytes, {
        contentType,
        resumable: false,
        ...(metadata ? { metadata: { metadata } } : {}),
      });
    },
    runSchedule: (name, scheduleTime) => cloud.runSchedule(name, scheduleTime),
    idle: () => cloud.idle(),
    ops: () => cloud.firestoreServer.ops(),
    resetOps: () => {
      cloud.firestoreServer.resetOps();
    },
    reset: () => cloud.reset(),
    stop: async () => {
      try {
        await firestore.terminate();
        await deleteApp(app);
      } finally {
        await cloud.stop();
      }
    },
  };
}

function callFunction<T>(
  cloud: LocalCloud,
  baseUrl: string,
  name: string,
  data: unknown,
  options: CallOptions,
): Promise<T> {
  return postCallable<T>(baseUrl, cloud.projectId, name, data, {
    idToken:
      options.uid === undefined
        ? undefined
        : cloud.authServer.mintIdToken(cloud.projectId, options.uid, options.claims),
    appCheck: options.appCheck ?? true,
  });
}

async function signUp(
  cloud: LocalCloud,
  input: { email?: string; password?: string; displayName?: string },
) {
  const email = input.email ?? `user-${randomUUID().slice(0, 8)}@example.test`;
  const url = `${cloud.authServer.url}/identitytoolkit.googleapis.com/v1/projects/${cloud.projectId}/accounts`;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer owner' },
    body: JSON.stringify({
      email,
      password: input.password ?? 'password-123',
      ...(input.displayName ? { displayName: input.displayName } : {}),
    }),
  });
  const body = (await response.json()) as { localId?: string; error?: { message: string } };
  if (body.localId === undefined)
    throw new Error(`sign-up failed: ${body.error?.message ?? response.status}`);
  return {
    uid: body.localId,
    email,
    idToken: cloud.authServer.mintIdToken(cloud.projectId, body.localId, { email }),
  };
}
