import { getApps, initializeApp } from 'firebase-admin/app';
import type { App } from 'firebase-admin/app';
import { PassThroughClient } from 'google-auth-library';
import { getFirestore, initializeFirestore, Timestamp } from 'firebase-admin/firestore';
import type {
  CollectionReference,
  DocumentData,
  Firestore,
  FirestoreDataConverter,
  QueryDocumentSnapshot,
} from 'firebase-admin/firestore';
import type { z } from 'zod';
import {
  COLLECTIONS,
  CoMemberSchema,
  DeviceSchema,
  RegistryEntrySchema,
  UserProfileSchema,
} from '@gadget/shared';
import type { CoMember, Device, RegistryEntry, UserProfile } from '@gadget/shared';
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

/**
 * A converter that checks every document read against its shared schema and turns Firestore
 * Timestamps into Dates (and back on write), so services work with plain, validated values.
 */
export function schemaConverter<S extends z.ZodType<DocumentData>>(
  schema: S,
): FirestoreDataConverter<z.output<S>> {
  return {
    toFirestore: (value) => value,
    fromFirestore: (snapshot: QueryDocumentSnapshot) =>
      schema.parse(timestampsToDates(snapshot.data())),
  };
}

/** Firestore Timestamps anywhere in a document's data, as Dates (what the shared schemas expect). */
export function timestampsToDates(value: unknown): unknown {
  if (value instanceof Timestamp) return value.toDate();
  if (Array.isArray(value)) return value.map(timestampsToDates);
  if (value !== null && typeof value === 'object' && value.constructor === Object) {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, timestampsToDates(inner)]),
    );
  }
  return value;
}

/** Typed collection references, defined once. */
export const collections = {
  users: (): CollectionReference<UserProfile> =>
    db().collection(COLLECTIONS.users).withConverter(schemaConverter(UserProfileSchema)),
  devices: (): CollectionReference<Device> =>
    db().collection(COLLECTIONS.devices).withConverter(schemaConverter(DeviceSchema)),
  deviceRegistry: (): CollectionReference<RegistryEntry> =>
    db().collection(COLLECTIONS.deviceRegistry).withConverter(schemaConverter(RegistryEntrySchema)),
  coMembers: (uid: string): CollectionReference<CoMember> =>
    db()
      .collection(COLLECTIONS.users)
      .doc(uid)
      .collection(COLLECTIONS.coMembers)
      .withConverter(schemaConverter(CoMemberSchema)),
};
