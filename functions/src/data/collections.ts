import type { CollectionGroup, CollectionReference, DocumentData } from 'firebase-admin/firestore';
import type { z } from 'zod';
import {
  AccountDeletionSchema,
  AlertPushWindowSchema,
  AlertSchema,
  COLLECTIONS,
  CoMemberSchema,
  CommandDocSchema,
  DESIRED_STATE_DOC,
  DesiredStateSchema,
  REPORTED_STATE_DOC,
  ReportedStateSchema,
  DayDocSchema,
  DEVICE_IDENTITY_DOC,
  DEVICE_KEY_DOC,
  DeviceKeySchema,
  DeviceIdentitySchema,
  DeviceSchema,
  HourDocSchema,
  ImageManifestSchema,
  InboxNotificationSchema,
  InviteSchema,
  MaintenanceJobSchema,
  MaintenanceLeaseSchema,
  ModelDocSchema,
  FirmwareReleaseSchema,
  OTA_CURRENT_DOC,
  OtaDocSchema,
  RolloutSchema,
  PushThrottleWindowSchema,
  PushTokenDocSchema,
  RateLimitCounterSchema,
  RegistryEntrySchema,
  ScheduleRunMarkerSchema,
  ScheduleSchema,
  SerialLockSchema,
  UserProfileSchema,
} from '@gadget/shared';
import { db } from '../admin.ts';
import { fieldwiseConverter, schemaConverter } from './converter.ts';
import { deviceChild, userChild } from './untyped.ts';

/**
 * Every Firestore collection the functions use, typed by its shared schema. Each is a function:
 * nothing touches Firestore at import, and a converter is built only when its collection is used.
 * Reads through `data()` are parsed (a document that does not fit throws); `get(field)` and writes
 * are not. The few untyped references, each with its reason, are in `untyped.ts`.
 */

function typed<S extends z.ZodType<DocumentData>>(
  collection: CollectionReference,
  schema: S,
): CollectionReference<z.output<S>> {
  return collection.withConverter(schemaConverter(schema));
}

export const collections = {
  users: () => typed(db().collection(COLLECTIONS.users), UserProfileSchema),
  /** `users/{uid}/coMembers/{otherUid}`. */
  coMembers: (uid: string) => typed(userChild(uid, COLLECTIONS.coMembers), CoMemberSchema),
  /** `users/{uid}/pushTokens/{sha256(token)}`. */
  pushTokens: (uid: string) => typed(userChild(uid, COLLECTIONS.pushTokens), PushTokenDocSchema),
  /** `users/{uid}/notifications/{id}`: the inbox. */
  notifications: (uid: string) =>
    typed(userChild(uid, COLLECTIONS.notifications), InboxNotificationSchema),
  devices: () => typed(db().collection(COLLECTIONS.devices), DeviceSchema),
  /** `devices/{id}/hours/{yyyy-MM-ddTHH}`. */
  hours: (deviceId: string) => typed(deviceChild(deviceId, COLLECTIONS.hours), HourDocSchema),
  /** Hours with only `hour` and `slices` fetched (`select`): what `5m` charts need. */
  hourSlices: (deviceId: string) =>
    deviceChild(deviceId, COLLECTIONS.hours)
      .select('hour', 'slices')
      .withConverter(schemaConverter(HourDocSchema.pick({ hour: true, slices: true }))),
  /** `devices/{id}/days/{yyyy-MM-dd}`. */
  days: (deviceId: string) => typed(deviceChild(deviceId, COLLECTIONS.days), DayDocSchema),
  /** Days with only `day` and `hours` fetched (`select`): what long `1h` and `1d` charts need. */
  dayHours: (deviceId: string) =>
    deviceChild(deviceId, COLLECTIONS.days)
      .select('day', 'hours')
      .withConverter(schemaConverter(DayDocSchema.pick({ day: true, hours: true }))),
  /** `devices/{id}/alerts/{ruleId}-{seq}`. */
  alerts: (deviceId: string) => typed(deviceChild(deviceId, COLLECTIONS.alerts), AlertSchema),
  /** `devices/{id}/photos/{photoId}`: each photo's image manifest. */
  photos: (deviceId: string) =>
    typed(deviceChild(deviceId, COLLECTIONS.photos), ImageManifestSchema),
  /** Every device's `ota/current`, for a rollout's counts and its withdrawal. */
  allOta: (): CollectionGroup<z.output<typeof OtaDocSchema>> =>
    db().collectionGroup(COLLECTIONS.ota).withConverter(schemaConverter(OtaDocSchema)),
  /** `models/{model}/releases/{version}`. */
  releases: (model: string) =>
    typed(
      db().collection(COLLECTIONS.models).doc(model).collection(COLLECTIONS.releases),
      FirmwareReleaseSchema,
    ),
  /** `rollouts/{id}`. */
  rollouts: () => typed(db().collection(COLLECTIONS.rollouts), RolloutSchema),
  /** `devices/{id}/commands/{commandId}`. */
  commands: (deviceId: string) =>
    typed(deviceChild(deviceId, COLLECTIONS.commands), CommandDocSchema),
  /** Every device's commands, for the expiry sweep. */
  allCommands: (): CollectionGroup<z.output<typeof CommandDocSchema>> =>
    db().collectionGroup(COLLECTIONS.commands).withConverter(schemaConverter(CommandDocSchema)),
  deviceRegistry: () => typed(db().collection(COLLECTIONS.deviceRegistry), RegistryEntrySchema),
  models: () => typed(db().collection(COLLECTIONS.models), ModelDocSchema),
  /** `invites/{hmac(code)}`. */
  invites: () => typed(db().collection(COLLECTIONS.invites), InviteSchema),
  schedules: () => typed(db().collection(COLLECTIONS.schedules), ScheduleSchema),
  /** `accountDeletions/{uid}`: progress and tombstone. */
  accountDeletions: () =>
    typed(db().collection(COLLECTIONS.accountDeletions), AccountDeletionSchema),
  /**
   * The alert push windows among the other `rateLimits` documents; a query on `flushAt` finds
   * only them (no other kind has the field).
   */
  alertPushWindows: () => typed(db().collection(COLLECTIONS.rateLimits), AlertPushWindowSchema),
  /** Every user's push tokens, to find a token's owner or the stale ones. */
  allPushTokens: (): CollectionGroup<z.output<typeof PushTokenDocSchema>> =>
    db().collectionGroup(COLLECTIONS.pushTokens).withConverter(schemaConverter(PushTokenDocSchema)),
};

/**
 * Single documents of collections that hold several kinds of document (`rateLimits`, `jobs`,
 * `processedEvents`) or whose id is fixed, each typed by its own kind's schema.
 */
export const documents = {
  /** `devices/{id}/private/identity`: the serial, which viewers must not read. */
  deviceIdentity: (deviceId: string) =>
    typed(deviceChild(deviceId, COLLECTIONS.private), DeviceIdentitySchema).doc(
      DEVICE_IDENTITY_DOC,
    ),
  /** `devices/{id}/state/desired`: the settings the gadget should run. */
  desiredState: (deviceId: string) =>
    typed(deviceChild(deviceId, COLLECTIONS.state), DesiredStateSchema).doc(DESIRED_STATE_DOC),
  /** `devices/{id}/private/key`: the gadget's device key, hashed; server-only. */
  deviceKey: (deviceId: string) =>
    typed(deviceChild(deviceId, COLLECTIONS.private), DeviceKeySchema).doc(DEVICE_KEY_DOC),
  /** `devices/{id}/ota/current`: the gadget's firmware update. */
  ota: (deviceId: string) =>
    typed(deviceChild(deviceId, COLLECTIONS.ota), OtaDocSchema).doc(OTA_CURRENT_DOC),
  /** `devices/{id}/state/reported`: what the gadget says it runs. */
  reportedState: (deviceId: string) =>
    typed(deviceChild(deviceId, COLLECTIONS.state), ReportedStateSchema).doc(REPORTED_STATE_DOC),
  /**
   * `rateLimits/{key}`: a fixed-window counter; the key is encoded (ids may not contain '/').
   * Read field by field: a counter with a field missing or odd counts as no window, so a
   * bad counter can never make the call it guards fail.
   */
  rateLimitCounter: (key: string) =>
    db()
      .collection(COLLECTIONS.rateLimits)
      .withConverter(fieldwiseConverter(RateLimitCounterSchema))
      .doc(encodeURIComponent(key)),
  /**
   * `rateLimits/serial-lock:{serial}:{uid}` (encoded): one account's wrong codes for a serial.
   * Read leniently like the counters: a missing or odd field counts as no attempts, no lock.
   */
  serialLock: (serial: string, uid: string) =>
    db()
      .collection(COLLECTIONS.rateLimits)
      .withConverter(fieldwiseConverter(SerialLockSchema))
      .doc(encodeURIComponent(`serial-lock:${serial}:${uid}`)),
  /** `rateLimits/push-{family}-{deviceId}`: the status push throttle's window. */
  pushThrottleWindow: (family: string, deviceId: string) =>
    typed(db().collection(COLLECTIONS.rateLimits), PushThrottleWindowSchema).doc(
      `push-${family}-${deviceId}`,
    ),
  /** `rateLimits/push-alert-{deviceId}-{rule}`: the alert push throttle's window. */
  alertPushWindow: (deviceId: string, rule: string) =>
    collections.alertPushWindows().doc(`push-alert-${deviceId}-${rule}`),
  /** `jobs/nightly`: the nightly maintenance job's cursors and last run. */
  maintenanceJob: () =>
    typed(db().collection(COLLECTIONS.jobs), MaintenanceJobSchema).doc('nightly'),
  /** `jobs/nightly-lease`: who runs the nightly job and until when. */
  maintenanceLease: () =>
    typed(db().collection(COLLECTIONS.jobs), MaintenanceLeaseSchema).doc('nightly-lease'),
  /** `processedEvents/schedule-{id}-{epoch seconds}`: one scheduled reminder run's marker. */
  scheduleRunMarker: (scheduleId: string, scheduleTime: Date) =>
    typed(db().collection(COLLECTIONS.processedEvents), ScheduleRunMarkerSchema).doc(
      `schedule-${scheduleId}-${String(Math.floor(scheduleTime.getTime() / 1000))}`,
    ),
};
