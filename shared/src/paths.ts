/**
 * Firestore and Storage paths, built in one place so that functions, rules tests and scripts agree.
 * Storage prefixes end with a slash: `uid1` must never match `uid10`.
 */
export const COLLECTIONS = {
  users: 'users',
  pushTokens: 'pushTokens',
  notifications: 'notifications',
  coMembers: 'coMembers',
  deviceRegistry: 'deviceRegistry',
  devices: 'devices',
  hours: 'hours',
  days: 'days',
  photos: 'photos',
  alerts: 'alerts',
  /** Under a device: `desired` and `reported`, the settings channel's two documents. */
  state: 'state',
  commands: 'commands',
  /** Under a device: documents only its owner and admins may read (`identity`). */
  private: 'private',
  models: 'models',
  /** Under a model: its signed firmware releases, by version. */
  releases: 'releases',
  rollouts: 'rollouts',
  /** Under a device: `current`, its firmware update. */
  ota: 'ota',
  invites: 'invites',
  schedules: 'schedules',
  processedEvents: 'processedEvents',
  rateLimits: 'rateLimits',
  jobs: 'jobs',
  accountDeletions: 'accountDeletions',
} as const;

/** The ids of a device's two documents in its `state` subcollection. */
export const DESIRED_STATE_DOC = 'desired';
export const REPORTED_STATE_DOC = 'reported';

/** The id of a device's one document in its `ota` subcollection. */
export const OTA_CURRENT_DOC = 'current';

/** The id of a device's identity document in its `private` subcollection. */
export const DEVICE_IDENTITY_DOC = 'identity';

/** The id of a device's key document in its `private` subcollection: no client reads it. */
export const DEVICE_KEY_DOC = 'key';

export const docPaths = {
  user: (uid: string) => `${COLLECTIONS.users}/${uid}`,
  pushToken: (uid: string, tokenHash: string) =>
    `${COLLECTIONS.users}/${uid}/${COLLECTIONS.pushTokens}/${tokenHash}`,
  notification: (uid: string, id: string) =>
    `${COLLECTIONS.users}/${uid}/${COLLECTIONS.notifications}/${id}`,
  coMember: (uid: string, otherUid: string) =>
    `${COLLECTIONS.users}/${uid}/${COLLECTIONS.coMembers}/${otherUid}`,
  device: (deviceId: string) => `${COLLECTIONS.devices}/${deviceId}`,
  hour: (deviceId: string, hour: string) =>
    `${COLLECTIONS.devices}/${deviceId}/${COLLECTIONS.hours}/${hour}`,
  day: (deviceId: string, day: string) =>
    `${COLLECTIONS.devices}/${deviceId}/${COLLECTIONS.days}/${day}`,
  alert: (deviceId: string, alertId: string) =>
    `${COLLECTIONS.devices}/${deviceId}/${COLLECTIONS.alerts}/${alertId}`,
  deviceIdentity: (deviceId: string) =>
    `${COLLECTIONS.devices}/${deviceId}/${COLLECTIONS.private}/${DEVICE_IDENTITY_DOC}`,
  deviceKey: (deviceId: string) =>
    `${COLLECTIONS.devices}/${deviceId}/${COLLECTIONS.private}/${DEVICE_KEY_DOC}`,
  desiredState: (deviceId: string) =>
    `${COLLECTIONS.devices}/${deviceId}/${COLLECTIONS.state}/${DESIRED_STATE_DOC}`,
  reportedState: (deviceId: string) =>
    `${COLLECTIONS.devices}/${deviceId}/${COLLECTIONS.state}/${REPORTED_STATE_DOC}`,
  command: (deviceId: string, commandId: string) =>
    `${COLLECTIONS.devices}/${deviceId}/${COLLECTIONS.commands}/${commandId}`,
  otaCurrent: (deviceId: string) =>
    `${COLLECTIONS.devices}/${deviceId}/${COLLECTIONS.ota}/${OTA_CURRENT_DOC}`,
  release: (model: string, version: string) =>
    `${COLLECTIONS.models}/${model}/${COLLECTIONS.releases}/${version}`,
  rollout: (rolloutId: string) => `${COLLECTIONS.rollouts}/${rolloutId}`,
  registryEntry: (serial: string) => `${COLLECTIONS.deviceRegistry}/${serial}`,
} as const;

export const storagePrefixes = {
  userUploads: (uid: string) => `uploads/users/${uid}/`,
  userImages: (uid: string) => `images/users/${uid}/`,
  userExports: (uid: string) => `exports/users/${uid}/`,
  deviceUploads: (deviceId: string) => `uploads/devices/${deviceId}/`,
  deviceImages: (deviceId: string) => `images/devices/${deviceId}/`,
  /** Firmware images: written by `npm run firmware:release`, read by the download endpoint only. */
  firmware: (model: string, version: string) => `firmware/${model}/${version}/`,
} as const;
