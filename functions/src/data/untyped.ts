import type { CollectionGroup, CollectionReference } from 'firebase-admin/firestore';
import { COLLECTIONS } from '@gadget/shared';
import { db } from '../admin.ts';

/** `devices/{deviceId}/{collection}`, as stored. */
export function deviceChild(deviceId: string, collection: string): CollectionReference {
  return db().collection(COLLECTIONS.devices).doc(deviceId).collection(collection);
}

/** `users/{uid}/{collection}`, as stored. */
export function userChild(uid: string, collection: string): CollectionReference {
  return db().collection(COLLECTIONS.users).doc(uid).collection(collection);
}

/** Alerts as stored: both the deferred clears and the export read them so. */
const alertsAsStored = (deviceId: string): CollectionReference =>
  deviceChild(deviceId, COLLECTIONS.alerts);

/**
 * References without a converter, each for a reason a schema cannot serve: documents read as
 * stored (older shapes included, which a converter would throw on) or projections of fields no
 * schema names. Everything else goes through `collections.ts`.
 */
export const untyped = {
  /**
   * `devices` as stored, for the migrations of nightly maintenance: devices claimed by older
   * versions still carry fields `DeviceSchema` no longer has (`serial`), which are read and deleted.
   */
  devices: (): CollectionReference => db().collection(COLLECTIONS.devices),
  /** One metric's column of each hour (`select('values.{metric}')`), which no schema names. */
  hours: (deviceId: string): CollectionReference => deviceChild(deviceId, COLLECTIONS.hours),
  /**
   * Alerts read one by one where one that does not fit its schema is skipped (`snapshotAs`), not
   * allowed to fail the whole run: the deferred back-to-normal pushes.
   */
  alerts: alertsAsStored,
  /**
   * Any top-level collection, for maintenance tasks that walk or check documents of whatever
   * collection they are given (by id, with a `select` of a few fields), older ones too.
   */
  collection: (name: string): CollectionReference => db().collection(name),
  /** Any collection group, for deleting whatever has expired (`expireAt`), of every kind. */
  collectionGroup: (name: string): CollectionGroup => db().collectionGroup(name),
  /**
   * A user's data for their export, as stored: the export is a faithful copy, and a document an
   * older version wrote must never make it fail.
   */
  export: {
    users: (): CollectionReference => db().collection(COLLECTIONS.users),
    devices: (): CollectionReference => db().collection(COLLECTIONS.devices),
    schedules: (): CollectionReference => db().collection(COLLECTIONS.schedules),
    pushTokens: (uid: string): CollectionReference => userChild(uid, COLLECTIONS.pushTokens),
    alerts: alertsAsStored,
  },
};
