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
  return getApps()[0] ?? initializeApp();
}

let firestore: Firestore | undefined;

/**
 * The functions' Firestore client. `preferRest`: unary calls and server streams (reads, queries,
 * transactions, commits, BulkWriter, listCollections) go over HTTP/1.1 REST, which serves a cold
 * instance's first request much sooner than a new gRPC channel (`npm run bench:coldstart` prints
 * both steps); only a listener (none here) would open one.
 */
export function db(): Firestore {
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
