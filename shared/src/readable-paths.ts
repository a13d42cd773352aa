import type { z } from 'zod';
import { COLLECTIONS } from './paths.ts';
import { DeviceIdentitySchema, DeviceSchema } from './schemas/device.ts';
import { ImageManifestSchema } from './schemas/images.ts';
import { InboxNotificationSchema, PushTokenDocSchema } from './schemas/notifications.ts';
import { ScheduleSchema } from './schemas/schedules.ts';
import {
  CommandDocSchema,
  DesiredStateSchema,
  ReportedStateSchema,
} from './schemas/device-control.ts';
import { AlertSchema, DayDocSchema, HourDocSchema } from './schemas/telemetry.ts';
import { FirmwareReleaseSchema, ModelDocSchema, OtaDocSchema } from './schemas/firmware-updates.ts';
import { UserProfileSchema } from './schemas/user-profile.ts';

/**
 * What the apps read from Firestore directly, with the Firebase client SDKs: every path the rules
 * let them read, its document schema, who may read it and the queries the app runs on it.
 * docs/API.md and `shared/schemas/firestore/` are generated from this table, and a test checks it
 * against `firestore.rules` (every readable `match`, and nothing else) and the queries against
 * `firestore.indexes.json`, so what is documented is what the rules and indexes serve.
 */

/** Who the rules let read a path, as documented in the API reference. */
export type ReaderRule = 'self' | 'device-member' | 'device-admin' | 'owner' | 'signed-in';

/** The signed-in user's uid, as a query value. */
export const CALLER_UID = { callerUid: true } as const;

export type QueryValue = typeof CALLER_UID | string | number | boolean | null | readonly string[];

/** The operators the documented queries use; the SDK renderings in the docs know each of them. */
export type QueryOp = '==' | 'array-contains' | 'in';

export interface QueryFilter {
  readonly field: string;
  readonly op: QueryOp;
  readonly value: QueryValue;
}

export interface QueryOrder {
  readonly field: string;
  readonly direction: 'asc' | 'desc';
}

/** A query the app runs (or listens to) on the collection of a readable path. */
export interface ReadQuery {
  /** Names the query in the docs. */
  readonly name: string;
  readonly summary: string;
  readonly where?: readonly QueryFilter[];
  readonly orderBy?: readonly QueryOrder[];
  readonly limit?: number;
}

export interface ReadablePath {
  /** Names the path in the docs and its JSON Schema file (`shared/schemas/firestore/{name}.json`). */
  readonly name: string;
  /** The `match` path in firestore.rules, wildcards named as there. */
  readonly path: string;
  readonly summary: string;
  /** The stored document; the JSON Schema is generated from it. */
  readonly schema: z.ZodType;
  readonly reader: ReaderRule;
  /** `get`: single documents only (`allow get`); `read`: documents and queries (`allow read`). */
  readonly access: 'get' | 'read';
  /**
   * A filter every query must carry where the rule looks at the document itself: rules are not
   * filters, so Firestore refuses (permission-denied) a query it cannot prove passes them.
   */
  readonly requiredFilter?: QueryFilter;
  readonly queries: readonly ReadQuery[];
}

const OWN_DEVICES_FILTER = {
  field: 'memberUids',
  op: 'array-contains',
  value: CALLER_UID,
} as const satisfies QueryFilter;

const OWN_SCHEDULES_FILTER = {
  field: 'ownerUid',
  op: '==',
  value: CALLER_UID,
} as const satisfies QueryFilter;

export const READABLE_PATHS = [
  {
    name: 'userProfile',
    path: 'users/{uid}',
    summary:
      'The user’s profile, and in `avatar` the image pipeline’s manifest of their latest avatar upload (listen to it after an upload until `status` is `ready` or `failed`). Changed through `updateProfile`; not listable.',
    schema: UserProfileSchema,
    reader: 'self',
    access: 'get',
    queries: [],
  },
  {
    name: 'pushToken',
    path: 'users/{uid}/pushTokens/{tokenHash}',
    summary:
      'The user’s registered phones and browsers, one per FCM token (id: SHA-256 of the token). Written by `registerPushToken` and `unregisterPushToken`.',
    schema: PushTokenDocSchema,
    reader: 'self',
    access: 'read',
    queries: [
      {
        name: 'ownPushTokens',
        summary: 'The user’s tokens, most recently refreshed first.',
        orderBy: [{ field: 'updatedAt', direction: 'desc' }],
      },
    ],
  },
  {
    name: 'inboxNotification',
    path: 'users/{uid}/notifications/{notificationId}',
    summary:
      'The in-app inbox: every notification, pushed or not, kept 30 days. The one client write the rules allow: setting `readAt` to `serverTimestamp()` once, changing nothing else.',
    schema: InboxNotificationSchema,
    reader: 'self',
    access: 'read',
    queries: [
      {
        name: 'inbox',
        summary: 'The newest entries first.',
        orderBy: [{ field: 'createdAt', direction: 'desc' }],
        limit: 50,
      },
      {
        name: 'unreadNotifications',
        summary:
          'The unread entries, for the badge. Not ordered: ordering them by `createdAt` would need a composite index; sort in the app.',
        where: [{ field: 'readAt', op: '==', value: null }],
      },
    ],
  },
  {
    name: 'device',
    path: 'devices/{deviceId}',
    summary:
      'A device the user belongs to: name, members and roles, thresholds, `status` (online, last seen, battery, firmware) and `latest` (the newest reading’s values). Changed through the device and sharing callables.',
    schema: DeviceSchema,
    reader: 'device-member',
    access: 'read',
    requiredFilter: OWN_DEVICES_FILTER,
    queries: [
      {
        name: 'ownDevices',
        summary:
          'Every device the user owns or shares. Not ordered: ordering by `name` would need a composite index; sort in the app.',
        where: [OWN_DEVICES_FILTER],
      },
    ],
  },
  {
    name: 'deviceIdentity',
    path: 'devices/{deviceId}/private/identity',
    summary:
      'The device’s `serial`, for its owner and admins only: with the label’s claim code it is what claiming takes, so viewers never see it (it is not on the device document). Written when the device is claimed; not listable.',
    schema: DeviceIdentitySchema,
    reader: 'device-admin',
    access: 'get',
    queries: [],
  },
  {
    name: 'hour',
    path: 'devices/{deviceId}/hours/{hour}',
    summary:
      'One UTC hour of a device (id `yyyy-MM-ddTHH`): its readings as columns (`ids`, `offsets` in ms into the hour, one `values` array per metric) and the count, sum, min and max of each metric for the hour and for each 5-minute slice. Kept until its TTL; for charts over longer spans call `getReadingHistory`.',
    schema: HourDocSchema,
    reader: 'device-member',
    access: 'read',
    queries: [
      {
        name: 'recentHours',
        summary:
          'The last two days of hours, newest first (the latest readings are in the newest).',
        orderBy: [{ field: 'hour', direction: 'desc' }],
        limit: 48,
      },
    ],
  },
  {
    name: 'day',
    path: 'devices/{deviceId}/days/{day}',
    summary:
      'One UTC day of a device older than a week (id `yyyy-MM-dd`): the aggregates of each of its hours, kept 400 days.',
    schema: DayDocSchema,
    reader: 'device-member',
    access: 'read',
    queries: [
      {
        name: 'recentDays',
        summary: 'The last 30 days that have moved out of the device, newest first.',
        orderBy: [{ field: 'day', direction: 'desc' }],
        limit: 30,
      },
    ],
  },
  {
    name: 'alert',
    path: 'devices/{deviceId}/alerts/{alertId}',
    summary:
      'An alert of a device (id `{rule}-{seq}`): opened when a reading crosses a threshold, cleared when it comes back. Acknowledged through `acknowledgeAlert`.',
    schema: AlertSchema,
    reader: 'device-member',
    access: 'read',
    queries: [
      {
        name: 'openAlerts',
        summary:
          'The device’s alerts that have not cleared. Not ordered: ordering by `openedAt` would need a composite index; sort in the app.',
        where: [{ field: 'state', op: 'in', value: ['active', 'acknowledged'] }],
      },
      {
        name: 'recentAlerts',
        summary: 'The device’s alerts, newest first, cleared ones included.',
        orderBy: [{ field: 'openedAt', direction: 'desc' }],
        limit: 20,
      },
    ],
  },
  {
    name: 'devicePhoto',
    path: 'devices/{deviceId}/photos/{photoId}',
    summary:
      'The image pipeline’s manifest of one device photo: `processing`, then `ready` with its variants (Storage paths under `images/`) or `failed` with the reason. Deleted through `deleteDevicePhoto`.',
    schema: ImageManifestSchema,
    reader: 'device-member',
    access: 'read',
    queries: [
      {
        name: 'devicePhotos',
        summary: 'The device’s photos, most recently changed first.',
        orderBy: [{ field: 'updatedAt', direction: 'desc' }],
      },
    ],
  },
  {
    name: 'desiredState',
    path: 'devices/{deviceId}/state/desired',
    summary:
      'The settings the gadget should run: `version` (bumped by every change), `values`, and per setting who set it, when and from where (`app`, or `gadget` for a change made on the gadget itself). Changed through `setDeviceSettings`; absent until a setting is first set. Compare with `reported` to show what is pending.',
    schema: DesiredStateSchema,
    reader: 'device-member',
    access: 'get',
    queries: [],
  },
  {
    name: 'reportedState',
    path: 'devices/{deviceId}/state/reported',
    summary:
      'What the gadget says it runs: the settings, `appliedDesiredVersion`, settings it `refused` and why, its firmware, whether the report came over Wi-Fi or was relayed (and by whom), and whether it was signed. Absent until the gadget first syncs.',
    schema: ReportedStateSchema,
    reader: 'device-member',
    access: 'get',
    queries: [],
  },
  {
    name: 'firmwareUpdate',
    path: 'devices/{deviceId}/ota/current',
    summary:
      'The gadget’s firmware update: `awaiting-approval` (ask-first; `approveUpdate`), `offered`, then the gadget’s own `downloading` (with `progress`), `downloaded`, `installing`, and `succeeded`, `failed` or `rolled-back` (with `error`), or `withdrawn` when the rollout stopped before it started. `failedVersions` are never offered again; `lease` says which member’s phone carries a BLE gadget’s update. Absent until a rollout first reaches the gadget.',
    schema: OtaDocSchema,
    reader: 'device-member',
    access: 'get',
    queries: [],
  },
  {
    name: 'command',
    path: 'devices/{deviceId}/commands/{commandId}',
    summary:
      'A command sent with `sendCommand`: `queued`, `sent` once the gadget fetched it, then `succeeded`, `failed` or `rejected` as the gadget answers, `timed-out` or `expired` when it did not in time, or `cancelled`. Final statuses never change. Kept 30 days after `expiresAt`.',
    schema: CommandDocSchema,
    reader: 'device-member',
    access: 'read',
    queries: [
      {
        name: 'unfinishedCommands',
        summary:
          'The device’s commands still queued or sent. Not ordered: ordering by `createdAt` would need a composite index; sort in the app.',
        where: [{ field: 'status', op: 'in', value: ['queued', 'sent'] }],
      },
      {
        name: 'recentCommands',
        summary: 'The device’s commands, newest first, finished ones included.',
        orderBy: [{ field: 'createdAt', direction: 'desc' }],
        limit: 20,
      },
    ],
  },
  {
    name: 'schedule',
    path: 'schedules/{scheduleId}',
    summary:
      'A reminder of the user’s. Changed through the schedule callables; `listSchedules` also says when each runs next.',
    schema: ScheduleSchema,
    reader: 'owner',
    access: 'read',
    requiredFilter: OWN_SCHEDULES_FILTER,
    queries: [
      {
        name: 'ownSchedules',
        summary:
          'The user’s reminders. Not ordered: ordering by `createdAt` would need a composite index; sort in the app.',
        where: [OWN_SCHEDULES_FILTER],
      },
    ],
  },
  {
    name: 'model',
    path: 'models/{model}',
    summary:
      'A gadget model (id: the device’s `model`): its newest firmware release and `rollout`, the release being rolled out and to what percent of the model’s gadgets.',
    schema: ModelDocSchema,
    reader: 'signed-in',
    access: 'read',
    queries: [],
  },
  {
    name: 'release',
    path: 'models/{model}/releases/{version}',
    summary:
      'A signed firmware release: size, sha256, the oldest version it updates from, release notes by language, and `revokedAt` once withdrawn.',
    schema: FirmwareReleaseSchema,
    reader: 'signed-in',
    access: 'read',
    queries: [],
  },
] as const satisfies readonly ReadablePath[];

/** Collections no app may read or write, and why; only the functions' Admin SDK touches them. */
export const SERVER_ONLY_COLLECTIONS = {
  [COLLECTIONS.deviceRegistry]:
    'provisioning records: claim-code and device-key hashes, claim locks',
  [COLLECTIONS.invites]: 'invite codes, by hash; redeemed through `acceptInvite`',
  [COLLECTIONS.processedEvents]: 'idempotency markers of scheduled deliveries',
  [COLLECTIONS.rateLimits]:
    'rate-limit counters (claims, invites, exports, uploads, ingestion), per-account serial locks, and the status and alert push throttles’ windows',
  [COLLECTIONS.jobs]: 'the nightly maintenance run’s state and lease',
  [COLLECTIONS.rollouts]:
    'staged firmware rollouts: stages, gates and counts, changed by `npm run firmware:rollout`, the evaluator and the console',
  [COLLECTIONS.accountDeletions]: 'account-deletion progress and tombstones',
  [COLLECTIONS.coMembers]:
    'who shares a device with whom (`users/{uid}/coMembers/{otherUid}`); storage.rules reads it to show avatars',
} as const satisfies Readonly<Record<string, string>>;
