import type { CollectionReference, DocumentReference } from 'firebase-admin/firestore';
import { AlertSchema, COLLECTIONS, ModelDocSchema, RollupSchema } from '@gadget/shared';
import type { Alert, ModelDoc, Rollup } from '@gadget/shared';
import { db, schemaConverter } from '../../admin.ts';

/** Typed references to the telemetry documents (readings are only written and queried raw). */

export function readingsOf(deviceId: string): CollectionReference {
  return db().collection(COLLECTIONS.devices).doc(deviceId).collection(COLLECTIONS.readings);
}

export function rollupsOf(deviceId: string): CollectionReference<Rollup> {
  return db()
    .collection(COLLECTIONS.devices)
    .doc(deviceId)
    .collection(COLLECTIONS.rollups)
    .withConverter(schemaConverter(RollupSchema));
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
