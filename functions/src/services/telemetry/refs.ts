import type { CollectionReference, DocumentReference } from 'firebase-admin/firestore';
import {
  AlertSchema,
  COLLECTIONS,
  DayDocSchema,
  HourDocSchema,
  ModelDocSchema,
} from '@gadget/shared';
import type { Alert, DayDoc, HourDoc, ModelDoc } from '@gadget/shared';
import { db, schemaConverter } from '../../admin.ts';

/** Typed references to the telemetry documents. */

export function hoursOf(deviceId: string): CollectionReference<HourDoc> {
  return db()
    .collection(COLLECTIONS.devices)
    .doc(deviceId)
    .collection(COLLECTIONS.hours)
    .withConverter(schemaConverter(HourDocSchema));
}

export function daysOf(deviceId: string): CollectionReference<DayDoc> {
  return db()
    .collection(COLLECTIONS.devices)
    .doc(deviceId)
    .collection(COLLECTIONS.days)
    .withConverter(schemaConverter(DayDocSchema));
}

/** Untyped, for queries that fetch only some fields (`select`), which a converter would reject. */
export function rawCollectionOf(
  deviceId: string,
  collection: typeof COLLECTIONS.hours | typeof COLLECTIONS.days,
): CollectionReference {
  return db().collection(COLLECTIONS.devices).doc(deviceId).collection(collection);
}

export function alertsOf(deviceId: string): CollectionReference<Alert> {
  return db()
    .collection(COLLECTIONS.devices)
    .doc(deviceId)
    .collection(COLLECTIONS.alerts)
    .withConverter(schemaConverter(AlertSchema));
}

/** Untyped, for updates with field transforms (increment) that a typed reference cannot take. */
export function rawAlertRef(deviceId: string, alertId: string): DocumentReference {
  return db()
    .collection(COLLECTIONS.devices)
    .doc(deviceId)
    .collection(COLLECTIONS.alerts)
    .doc(alertId);
}

export function modelRef(model: string): DocumentReference<ModelDoc> {
  return db()
    .collection(COLLECTIONS.models)
    .doc(model)
    .withConverter(schemaConverter(ModelDocSchema));
}
