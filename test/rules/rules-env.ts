import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  initializeTestEnvironment,
  withFunctionTriggersDisabled,
} from '@firebase/rules-unit-testing';
import type { RulesTestContext, RulesTestEnvironment } from '@firebase/rules-unit-testing';
import { COLLECTIONS, docPaths } from '@gadget/shared';
import type { EmulatorDetection } from './emulators.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The Storage emulator looks up `firestore.get()` documents in its own project, the one
 * `firebase emulators:exec` was started with (GCLOUD_PROJECT), so the tests must write there for the
 * membership rules to see their devices.
 */
export const RULES_PROJECT_ID = process.env.GCLOUD_PROJECT ?? 'demo-gadget-rules';

export function startRulesEnv(
  emulators: Extract<EmulatorDetection, { available: true }>,
): Promise<RulesTestEnvironment> {
  return initializeTestEnvironment({
    projectId: RULES_PROJECT_ID,
    firestore: { ...emulators.firestore, rules: readFileSync(`${ROOT}firestore.rules`, 'utf8') },
    storage: { ...emulators.storage, rules: readFileSync(`${ROOT}storage.rules`, 'utf8') },
  });
}

/**
 * Writes as the functions would: rules off, and, when the Functions emulator runs beside (the hub is
 * then set), its triggers paused so they do not react to fixtures and change them under the test.
 */
export async function asServer(
  env: RulesTestEnvironment,
  write: (context: RulesTestContext) => Promise<void>,
): Promise<void> {
  const run = () => env.withSecurityRulesDisabled(write);
  await (process.env.FIREBASE_EMULATOR_HUB ? withFunctionTriggersDisabled(run) : run());
}

/**
 * The people in the fixture: alice owns dev1 and shares it with bob (viewer) and erin (admin);
 * carol owns dev2. dave shares dev3 (alice's) and dev4 (dave's) with alice: the avatar cases
 * release one of the two.
 */
export const ALICE = 'alice';
export const BOB = 'bob';
export const CAROL = 'carol';
export const DAVE = 'dave';
export const ERIN = 'erin';

export const DEV1 = 'dev1';
export const DEV2 = 'dev2';
export const DEV3 = 'dev3';
export const DEV4 = 'dev4';

const createdAt = new Date('2025-01-01T00:00:00Z');

function device(ownerUid: string, others: Record<string, 'admin' | 'viewer'> = {}) {
  const members = { [ownerUid]: 'owner', ...others };
  return {
    model: 'thermo-1',
    name: `${ownerUid}'s thermometer`,
    ownerUid,
    members,
    memberUids: Object.keys(members),
    memberSince: Object.fromEntries(Object.keys(members).map((uid) => [uid, createdAt])),
    thresholds: {},
    muted: false,
    status: {
      online: true,
      lastSeenAt: createdAt,
      battery: 80,
      firmware: { version: '1.0.0' },
    },
    latest: null,
    createdAt,
  };
}

/**
 * A command as sendCommand and the gadget's answers leave it, created `minutes` after `createdAt`;
 * only `status` and the time differ between the fixture's commands.
 */
function command(status: 'queued' | 'sent' | 'succeeded', minutes: number) {
  const at = new Date(createdAt.getTime() + minutes * 60_000);
  const expiresAt = new Date(at.getTime() + 10 * 60_000);
  return {
    command: 'identify',
    params: { durationSeconds: 10 },
    status,
    createdBy: ALICE,
    createdAt: at,
    expiresAt,
    sentAt: status === 'queued' ? null : at,
    finishedAt: status === 'succeeded' ? at : null,
    result: status === 'succeeded' ? {} : null,
    idempotencyKey: null,
    expireAt: new Date(expiresAt.getTime() + 30 * 24 * 3_600_000),
  };
}

function profile(displayName: string) {
  return {
    displayName,
    email: `${displayName.toLowerCase()}@example.com`,
    locale: 'en',
    timeZone: 'UTC',
    units: 'metric',
    notificationPrefs: { alerts: true, deviceStatus: true, sharing: true, digest: true },
    quietHours: null,
    awaitingAppSettings: false,
    createdAt,
  };
}

/** Every document the Firestore cases read, written with the rules off as the functions would. */
export const FIXTURE_DOCS: Readonly<Record<string, Record<string, unknown>>> = {
  [docPaths.user(ALICE)]: profile('Alice'),
  [docPaths.user(BOB)]: profile('Bob'),
  [docPaths.pushToken(ALICE, 'token-hash-1')]: {
    token: 'fcm-token',
    platform: 'android',
    appVersion: '1.0.0',
    locale: 'en',
    updatedAt: createdAt,
  },
  [docPaths.notification(ALICE, 'unread')]: {
    kind: 'alert',
    title: 'Too warm',
    body: 'Living room is at 31 °C',
    deviceId: DEV1,
    alertId: 'alert-1',
    createdAt,
    readAt: null,
  },
  [docPaths.notification(ALICE, 'read')]: {
    kind: 'sharing',
    title: 'Bob joined',
    body: 'Bob can now see Living room',
    deviceId: DEV1,
    alertId: null,
    createdAt,
    readAt: createdAt,
  },
  [docPaths.device(DEV1)]: device(ALICE, { [BOB]: 'viewer', [ERIN]: 'admin' }),
  [docPaths.device(DEV2)]: device(CAROL),
  // The serial, where claiming puts it: not on the device, which viewers read.
  [docPaths.deviceIdentity(DEV1)]: { serial: 'GDG-ALICE' },
  [docPaths.deviceIdentity(DEV2)]: { serial: 'GDG-CAROL' },
  [`${docPaths.device(DEV1)}/${COLLECTIONS.private}/other`]: { note: 'not the identity' },
  [docPaths.device(DEV3)]: device(ALICE, { [DAVE]: 'admin' }),
  [docPaths.device(DEV4)]: device(DAVE, { [ALICE]: 'viewer' }),
  // The co-member records the membership flows keep for the devices above, one each way.
  [docPaths.coMember(ALICE, BOB)]: { deviceIds: [DEV1], since: createdAt },
  [docPaths.coMember(BOB, ALICE)]: { deviceIds: [DEV1], since: createdAt },
  [docPaths.coMember(ALICE, ERIN)]: { deviceIds: [DEV1], since: createdAt },
  [docPaths.coMember(ERIN, ALICE)]: { deviceIds: [DEV1], since: createdAt },
  [docPaths.coMember(BOB, ERIN)]: { deviceIds: [DEV1], since: createdAt },
  [docPaths.coMember(ERIN, BOB)]: { deviceIds: [DEV1], since: createdAt },
  [docPaths.coMember(ALICE, DAVE)]: { deviceIds: [DEV3, DEV4], since: createdAt },
  [docPaths.coMember(DAVE, ALICE)]: { deviceIds: [DEV3, DEV4], since: createdAt },
  [docPaths.hour(DEV1, '2025-01-01T00')]: {
    hour: createdAt,
    count: 1,
    ids: ['reading-1'],
    offsets: [0],
    values: { temperature: [21.5] },
    expireAt: createdAt,
  },
  [docPaths.day(DEV1, '2025-01-01')]: { day: createdAt, hours: {}, expireAt: createdAt },
  [docPaths.alert(DEV1, 'alert-1')]: { rule: 'max', metric: 'temperature', state: 'active' },
  [`${docPaths.device(DEV1)}/${COLLECTIONS.photos}/photo-1`]: { status: 'ready', variants: [] },
  // The settings channel as setDeviceSettings and ingest leave it; dev2 has none yet.
  [docPaths.desiredState(DEV1)]: {
    version: 2,
    values: { reportIntervalSeconds: 300, displayUnit: 'F' },
    keys: {
      reportIntervalSeconds: { version: 1, setBy: ALICE, setAt: createdAt, via: 'app' },
      displayUnit: { version: 2, setBy: 'gadget', setAt: createdAt, via: 'gadget' },
    },
    updatedAt: createdAt,
  },
  [docPaths.reportedState(DEV1)]: {
    seq: null,
    values: { reportIntervalSeconds: 300, displayUnit: 'F' },
    appliedDesiredVersion: 2,
    refused: {},
    firmware: '1.0.0',
    via: 'wifi',
    relayedBy: null,
    verified: true,
    reportedAt: createdAt,
  },
  [`${docPaths.device(DEV1)}/${COLLECTIONS.state}/other`]: { note: 'neither desired nor reported' },
  // Two unfinished commands and a finished one on dev1, the newest last; one on carol's dev2.
  [docPaths.command(DEV1, 'cmd-done')]: command('succeeded', 0),
  [docPaths.command(DEV1, 'cmd-sent')]: command('sent', 1),
  [docPaths.command(DEV1, 'cmd-queued')]: command('queued', 2),
  [docPaths.command(DEV2, 'cmd-carol')]: { ...command('queued', 0), createdBy: CAROL },
  [`${docPaths.device(DEV1)}/notes/note-1`]: { text: 'a subcollection no rule names' },
  [docPaths.registryEntry('GDG-ALICE')]: { model: 'thermo-1', claimedBy: ALICE },
  [`${COLLECTIONS.invites}/invite-hash`]: { deviceId: DEV1, role: 'viewer', createdBy: ALICE },
  [`${COLLECTIONS.schedules}/alice-schedule`]: { ownerUid: ALICE, deviceId: DEV1, paused: false },
  [`${COLLECTIONS.schedules}/bob-schedule`]: { ownerUid: BOB, deviceId: DEV1, paused: false },
  [`${COLLECTIONS.models}/thermo-1`]: { latestFirmware: '1.0.0' },
  [docPaths.deviceKey(DEV1)]: { hash: 'b'.repeat(64), rotatedBy: ALICE, rotatedAt: createdAt },
  [docPaths.release('thermo-1', '1.0.0')]: {
    version: '1.0.0',
    sha256: 'a'.repeat(64),
    revokedAt: null,
  },
  [docPaths.rollout('r1')]: { model: 'thermo-1', version: '1.0.0', state: 'active' },
  // dev1's update as ingest leaves it mid-download; dev2 has none yet.
  [docPaths.otaCurrent(DEV1)]: {
    state: 'downloading',
    version: '1.1.0',
    rolloutId: 'r1',
    model: 'thermo-1',
    progress: 40,
    lease: null,
    failedVersions: [],
  },
  [`${COLLECTIONS.processedEvents}/event-1`]: { expireAt: createdAt },
  [`${COLLECTIONS.rateLimits}/claim:alice`]: { count: 1 },
  [`${COLLECTIONS.jobs}/prune-tokens`]: { cursor: null },
  [`${COLLECTIONS.accountDeletions}/${ALICE}`]: { startedAt: createdAt },
  ['diagnostics/latest']: { note: 'a collection no rule names' },
};

/** Empties the emulator's Firestore and writes the fixture documents. */
export async function resetFirestore(env: RulesTestEnvironment): Promise<void> {
  const run = async () => {
    await env.clearFirestore();
    await env.withSecurityRulesDisabled(async (context) => {
      const db = context.firestore();
      await Promise.all(Object.entries(FIXTURE_DOCS).map(([path, data]) => db.doc(path).set(data)));
    });
  };
  await (process.env.FIREBASE_EMULATOR_HUB ? withFunctionTriggersDisabled(run) : run());
}

/** Objects the Storage read cases fetch, as the image pipeline and exports would leave them. */
export const FIXTURE_FILES = {
  aliceAvatar: 'images/users/alice/avatar/128.webp',
  dev1Photo: 'images/devices/dev1/photos/photo-1/320.webp',
  aliceExport: 'exports/users/alice/export-1.json',
  aliceUpload: 'uploads/users/alice/avatar/original.png',
} as const;

export async function seedStorage(env: RulesTestEnvironment): Promise<void> {
  await asServer(env, async (context) => {
    const bucket = context.storage();
    const write = (path: string, contentType: string) =>
      bucket
        .ref(path)
        .put(PNG_BYTES, { contentType })
        .then(() => undefined);
    await Promise.all([
      write(FIXTURE_FILES.aliceAvatar, 'image/webp'),
      write(FIXTURE_FILES.dev1Photo, 'image/webp'),
      write(FIXTURE_FILES.aliceExport, 'application/json'),
      write(FIXTURE_FILES.aliceUpload, 'image/png'),
    ]);
  });
}

/**
 * Removes `uid` from a device the way the member-removal callable does: both fields at once, and
 * the device no longer counted between `uid` and the other members (a record left with no shared
 * device is deleted).
 */
export async function removeMember(
  env: RulesTestEnvironment,
  deviceId: string,
  uid: string,
): Promise<void> {
  await asServer(env, async (context) => {
    const db = context.firestore();
    const ref = db.doc(docPaths.device(deviceId));
    const snapshot = await ref.get();
    const data = snapshot.data() as { members: Record<string, string>; memberUids: string[] };
    const { [uid]: _removed, ...members } = data.members;
    await ref.update({ members, memberUids: data.memberUids.filter((member) => member !== uid) });
    for (const other of Object.keys(members)) {
      await uncount(db, docPaths.coMember(uid, other), deviceId);
      await uncount(db, docPaths.coMember(other, uid), deviceId);
    }
  });
}

/** Releases a device as the release flow does: no two of its members count it as shared. */
export async function releaseDevice(env: RulesTestEnvironment, deviceId: string): Promise<void> {
  await asServer(env, async (context) => {
    const db = context.firestore();
    const ref = db.doc(docPaths.device(deviceId));
    const uids = (await ref.get()).get('memberUids') as string[];
    for (const uid of uids) {
      for (const other of uids.filter((member) => member !== uid)) {
        await uncount(db, docPaths.coMember(uid, other), deviceId);
      }
    }
    await ref.delete();
  });
}

async function uncount(
  db: ReturnType<RulesTestContext['firestore']>,
  path: string,
  deviceId: string,
): Promise<void> {
  const record = db.doc(path);
  const left = ((await record.get()).get('deviceIds') as string[] | undefined)?.filter(
    (id) => id !== deviceId,
  );
  if (left === undefined) return;
  await (left.length === 0 ? record.delete() : record.update({ deviceIds: left }));
}

/** A 1×1 PNG: the rules look at contentType and size only, but real bytes keep the fixture honest. */
export const PNG_BYTES = Uint8Array.from(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
    'base64',
  ),
);

/** Uploads `bytes` as `contentType` from `context`; resolves or rejects with the SDK's error. */
export function upload(
  context: RulesTestContext,
  path: string,
  bytes: Uint8Array,
  contentType: string,
  customMetadata?: Record<string, string>,
): Promise<void> {
  return context
    .storage()
    .ref(path)
    .put(bytes, { contentType, ...(customMetadata === undefined ? {} : { customMetadata }) })
    .then(() => undefined);
}
