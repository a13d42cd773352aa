import { getApps, initializeApp } from 'firebase-admin/app';
import type { App } from 'firebase-admin/app';
import { getFirestore, Timestamp } from 'firebase-admin/firestore';
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

/**
 * firebase-admin is initialised on first use, not at import: the deployed bundle is loaded once per
 * instance for every function, and most of them never touch some of the services.
 */
export function adminApp(): App {
  return getApps()[0] ?? initializeApp();
}

export function db(): Firestore {
  return getFirestore(adminApp());
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
