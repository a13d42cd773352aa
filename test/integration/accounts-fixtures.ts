// Seed data for the account tests: documents shaped as the shared schemas require, written straight
// to Firestore and Storage with the admin clients, as earlier flows would have left them.
import type { CollectionReference, Firestore } from 'firebase-admin/firestore';
import { Timestamp } from 'firebase-admin/firestore';
import type { TestCloud } from '@gadget/local-cloud/testing';

const DAY_MS = 24 * 60 * 60 * 1000;

export async function seedProfile(firestore: Firestore, uid: string, displayName = uid) {
  await firestore.doc(`users/${uid}`).set({
    displayName,
    email: `${uid}@gadget.test`,
    locale: 'en',
    timeZone: 'UTC',
    units: 'metric',
    notificationPrefs: { alerts: true, deviceStatus: true, sharing: true, digest: true },
    quietHours: null,
    awaitingAppSettings: true,
    createdAt: Timestamp.fromDate(new Date('2024-01-01T00:00:00Z')),
  });
}

export async function seedPushToken(
  firestore: Firestore,
  uid: string,
  id: string,
  platform: 'ios' | 'android' | 'web',
) {
  await firestore.doc(`users/${uid}/pushTokens/${id}`).set({
    token: `secret-token-${id}`,
    platform,
    appVersion: '1.2.3',
    locale: 'en',
    updatedAt: Timestamp.now(),
  });
}

export async function seedInboxEntry(firestore: Firestore, uid: string, id: string) {
  await firestore.doc(`users/${uid}/notifications/${id}`).set({
    kind: 'test',
    title: 'Hello',
    body: 'World',
    createdAt: Timestamp.now(),
    readAt: null,
  });
}

/** A device with the given members; the first listed joined first. `owner` is added as owner. */
export async function seedDevice(
  firestore: Firestore,
  deviceId: string,
  ownerUid: string,
  others: Record<string, 'admin' | 'viewer'> = {},
) {
  const members: Record<string, string> = { [ownerUid]: 'owner', ...others };
  const memberSince = Object.fromEntries(
    Object.keys(members).map((uid, index) => [
      uid,
      Timestamp.fromDate(new Date(Date.UTC(2024, 0, 1 + index))),
    ]),
  );
  // The serial lives in the identity document, as claiming writes it.
  await firestore.doc(`devices/${deviceId}/private/identity`).set({
    serial: `GDG-${deviceId.toUpperCase().replace(/[^A-Z0-9]/g, '')}`.slice(0, 32),
  });
  await firestore.doc(`devices/${deviceId}`).set({
    model: 'thermo-1',
    name: `Device ${deviceId}`,
    ownerUid,
    members,
    memberUids: Object.keys(members),
    memberSince,
    thresholds: {},
    muted: false,
    status: { online: true, lastSeenAt: null, battery: 90, firmware: null },
    latest: null,
    createdAt: Timestamp.fromDate(new Date('2024-01-01T00:00:00Z')),
  });
}

export async function seedReading(
  firestore: Firestore,
  deviceId: string,
  id: string,
  ageDays: number,
) {
  const ts = new Date(Date.now() - ageDays * DAY_MS);
  const hour = Math.floor(ts.getTime() / 3_600_000) * 3_600_000;
  // An hour document holding this one reading, as the telemetry stores it.
  await firestore.doc(`devices/${deviceId}/hours/${hourKeyDaysAgo(ageDays, ts)}`).set({
    hour: Timestamp.fromMillis(hour),
    count: 1,
    ids: [id],
    offsets: [ts.getTime() - hour],
    values: { temperature: [21.5], humidity: [40] },
    metrics: {
      temperature: { count: 1, sum: 21.5, min: 21.5, max: 21.5 },
      humidity: { count: 1, sum: 40, min: 40, max: 40 },
    },
    slices: {},
    expireAt: Timestamp.fromMillis(hour + 30 * DAY_MS),
  });
}

/** The hour document id of a reading `ageDays` old (`at`: that reading's time). */
export function hourKeyDaysAgo(ageDays: number, at = new Date(Date.now() - ageDays * DAY_MS)) {
  return at.toISOString().slice(0, 13);
}

export async function seedAlert(firestore: Firestore, deviceId: string, id: string) {
  await firestore.doc(`devices/${deviceId}/alerts/${id}`).set({
    rule: 'max',
    metric: 'temperature',
    severity: 'warning',
    state: 'active',
    openedAt: Timestamp.now(),
    value: 40,
  });
}

export async function seedInvite(
  firestore: Firestore,
  hash: string,
  deviceId: string,
  createdBy: string,
) {
  const now = Date.now();
  await firestore.doc(`invites/${hash}`).set({
    deviceId,
    role: 'viewer',
    createdBy,
    createdAt: Timestamp.fromMillis(now),
    expiresAt: Timestamp.fromMillis(now + DAY_MS),
    usedBy: null,
    usedAt: null,
    expireAt: Timestamp.fromMillis(now + DAY_MS),
  });
}

export async function seedSchedule(
  firestore: Firestore,
  id: string,
  ownerUid: string,
  deviceId: string,
) {
  await firestore.doc(`schedules/${id}`).set({
    ownerUid,
    deviceId,
    kind: 'reminder',
    cron: '0 8 * * *',
    timeZone: 'UTC',
    message: 'Water the plants',
    jobName: `projects/demo/locations/us-central1/jobs/${id}`,
    paused: false,
  });
}

export async function seedObject(cloud: TestCloud, path: string) {
  await cloud.bucket.file(path).save(Buffer.from(`content of ${path}`), { resumable: false });
}

export async function objectNames(cloud: TestCloud, prefix = ''): Promise<string[]> {
  const [files] = await cloud.bucket.getFiles({ prefix });
  return files.map((file) => file.name).sort();
}

/** Every document path in the database, for before/after comparisons. */
export async function allDocumentPaths(firestore: Firestore): Promise<string[]> {
  const paths: string[] = [];
  const walk = async (collections: CollectionReference[]) => {
    for (const collection of collections) {
      const docs = await collection.listDocuments();
      for (const doc of docs) {
        if ((await doc.get()).exists) paths.push(doc.path);
        await walk(await doc.listCollections());
      }
    }
  };
  await walk(await firestore.listCollections());
  return paths.sort();
}
