import { AsyncLocalStorage } from 'node:async_hooks';
import { getApps, initializeApp } from 'firebase-admin/app';
import type { App } from 'firebase-admin/app';
import { PassThroughClient } from 'google-auth-library';
import { getFirestore, initializeFirestore } from 'firebase-admin/firestore';
import type { Firestore } from 'firebase-admin/firestore';
import { firestoreEmulated } from './config.ts';

/**
 * firebase-admin is initialised on first use, not at import: the deployed bundle is loaded once per
 * instance for every function, and most of them never touch some of the services.
 */
export function adminApp(): App {
  return getApps().find((app) => app.name !== GRPC_APP) ?? initializeApp();
}

const GRPC_APP = 'firestore-grpc';
let firestore: Firestore | undefined;
let grpcFirestore: Firestore | undefined;
const requestFirestore = new AsyncLocalStorage<Firestore>();

/**
 * The functions' Firestore client: the gRPC one inside `withGrpcFirestore`, else the REST one.
 * Every reference is made through this on use (`data/collections.ts`), so one request's reads and
 * writes all go through one client.
 */
export function db(): Firestore {
  return requestFirestore.getStore() ?? restFirestore();
}

/**
 * Runs `work` with `db()` answering a gRPC client, for `ingest`: the function gadgets call all day,
 * whose instances stay warm. Over gRPC its two round trips cost about half the CPU they cost over
 * REST (`npm run bench:fleet` prints both per request), which pays for the channel a cold instance
 * opens first. Callables, where a person waits for a cold start, keep REST. The client lives on an
 * app of its own, since firebase-admin keeps one Firestore per app and database.
 */
export function withGrpcFirestore<T>(work: () => T): T {
  grpcFirestore ??= getFirestore(
    getApps().find((app) => app.name === GRPC_APP) ?? initializeApp(adminApp().options, GRPC_APP),
  );
  return requestFirestore.run(grpcFirestore, work);
}

/**
 * `preferRest`: unary calls and server streams (reads, queries, transactions, commits, BulkWriter,
 * listCollections) go over HTTP/1.1 REST, which serves a cold instance's first request much sooner
 * than a new gRPC channel (`npm run bench:coldstart` prints both steps); only a listener (none
 * here) would open one.
 */
function restFirestore(): Firestore {
  if (firestore !== undefined) return firestore;
  try {
    firestore = initializeFirestore(adminApp(), { preferRest: true });
  } catch {
    // A process that loads the services beside its own default app (a script, an in-process test)
    // may have set that app's Firestore up already: it keeps its settings.
    firestore = getFirestore(adminApp());
    return firestore;
  }
  // firebase-admin passes on only preferRest; the rest goes through settings(), before first use.
  // google-gax's REST transport asks its auth client for headers even against an emulator, which has
  // none to check (the default client fails, finding no credentials): google-auth-library's
  // PassThroughClient, made for emulators, adds none.
  if (firestoreEmulated()) firestore.settings({ authClient: new PassThroughClient() });
  return firestore;
}
