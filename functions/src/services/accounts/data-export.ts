import { randomUUID } from 'node:crypto';
import { DocumentReference, FieldPath, Timestamp } from 'firebase-admin/firestore';
import type { DocumentData, QueryDocumentSnapshot } from 'firebase-admin/firestore';
import {
  DATA_EXPORT_READINGS_DAYS,
  DATA_EXPORT_RETENTION_DAYS,
  RoleSchema,
  storagePrefixes,
} from '@gadget/shared';
import type { DataExportFile } from '@gadget/shared';
import { serialFor } from '../devices/device-identity.ts';
import { readingsOf } from '../telemetry/hour-docs.ts';
import { hourStart } from '../telemetry/hours.ts';
import { consumeRateLimit } from '../limits/rate-limits.ts';
import type { RateLimit } from '../limits/rate-limits.ts';
import { defaultBucket } from '../../storage-bucket.ts';
import { collections } from '../../data/collections.ts';
import { untyped } from '../../data/untyped.ts';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** Building an export reads a lot (a month of readings per device): once per hour per user. */
export function dataExportRateLimit(uid: string): RateLimit {
  return { key: `data-export:${uid}`, limit: 1, windowMs: HOUR_MS };
}

export interface WrittenExport {
  readonly exportId: string;
  readonly path: string;
  readonly expiresAt: Date;
  readonly bytes: number;
  readonly file: DataExportFile;
}

/**
 * Writes everything of the user's as one JSON file under `exports/users/{uid}/`. The file carries
 * its expiry in the `expireAt` custom metadata, which the nightly job deletes by. The rate limit is
 * counted before the (expensive) reads, so a failing export also waits for the next window.
 */
export async function writeDataExport(uid: string, now: Date = new Date()): Promise<WrittenExport> {
  await consumeRateLimit(
    dataExportRateLimit(uid),
    now,
    'You can request one data export per hour.',
  );
  const file = await collectUserData(uid, now);
  const exportId = `${now.toISOString().replace(/[-:.]/g, '')}-${randomUUID().slice(0, 8)}`;
  const path = `${storagePrefixes.userExports(uid)}${exportId}.json`;
  const expiresAt = new Date(now.getTime() + DATA_EXPORT_RETENTION_DAYS * DAY_MS);
  const body = JSON.stringify(file);
  const bucket = await defaultBucket();
  await bucket.file(path).save(body, {
    resumable: false,
    contentType: 'application/json',
    metadata: { metadata: { expireAt: expiresAt.toISOString() } },
  });
  return { exportId, path, expiresAt, bytes: Buffer.byteLength(body), file };
}

/** Whether an export file's `expireAt` metadata has passed; for the nightly clean-up. */
export function isExportExpired(metadata: Record<string, unknown> | undefined, now: Date): boolean {
  const expireAt = metadata?.expireAt;
  if (typeof expireAt !== 'string') return false;
  const time = Date.parse(expireAt);
  return !Number.isNaN(time) && time <= now.getTime();
}

async function collectUserData(uid: string, now: Date): Promise<DataExportFile> {
  const userRef = untyped.export.users().doc(uid);
  const devicesRef = untyped.export.devices();
  const [profile, memberOf, ownerOf, schedules, pushTokens] = await Promise.all([
    userRef.get(),
    devicesRef.where('memberUids', 'array-contains', uid).get(),
    devicesRef.where('ownerUid', '==', uid).get(),
    untyped.export.schedules().where('ownerUid', '==', uid).get(),
    untyped.export.pushTokens(uid).get(),
  ]);

  const devices = new Map<string, DataExportFile['devices'][number]>();
  for (const doc of [...memberOf.docs, ...ownerOf.docs]) {
    const data = doc.data();
    const role =
      data.ownerUid === uid
        ? 'owner'
        : RoleSchema.safeParse(doc.get(new FieldPath('members', uid))).data;
    if (role === undefined) continue;
    devices.set(doc.id, {
      deviceId: doc.id,
      role,
      device: withoutSerial(toJson(data)),
      serial: null,
    });
  }

  const since = new Date(now.getTime() - DATA_EXPORT_READINGS_DAYS * DAY_MS);
  const readings: DataExportFile['readings'] = {};
  const alerts: DataExportFile['alerts'] = {};
  await Promise.all(
    [...devices.values()].map(async (entry) => {
      const { deviceId, role } = entry;
      const [serial, deviceAlerts, deviceReadings] = await Promise.all([
        serialFor(deviceId, role),
        untyped.export.alerts(deviceId).get(),
        // One read per stored hour, decoded into the readings it holds.
        role === 'owner'
          ? collections.hours(deviceId).where('hour', '>=', hourStart(since)).orderBy('hour').get()
          : undefined,
      ]);
      entry.serial = serial;
      alerts[deviceId] = deviceAlerts.docs.map(withId);
      if (deviceReadings !== undefined) {
        readings[deviceId] = deviceReadings.docs
          .flatMap((doc) => readingsOf(doc.data()))
          .filter((reading) => reading.ts >= since)
          .map((reading) => ({ ...reading, ts: reading.ts.toISOString() }));
      }
    }),
  );

  return {
    format: 'gadget-export',
    version: 1,
    exportedAt: now.toISOString(),
    uid,
    profile: profile.exists ? toJson(profile.data() ?? {}) : null,
    devices: [...devices.values()],
    readings,
    alerts,
    schedules: schedules.docs.map(withId),
    // Where the user gets pushes, never the token values: a token is a credential for their phone.
    pushTokens: pushTokens.docs.map((doc) => ({
      platform: stringOrNull(doc.get('platform')),
      appVersion: stringOrNull(doc.get('appVersion')),
      updatedAt: stringOrNull(toJsonValue(doc.get('updatedAt'))),
    })),
  };
}

/**
 * A device claimed before the serial moved to its identity document still carries it until the
 * nightly task moves it; a viewer's export must not.
 */
function withoutSerial(device: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(device).filter(([key]) => key !== 'serial'));
}

function withId(doc: QueryDocumentSnapshot): Record<string, unknown> {
  return { id: doc.id, ...toJson(doc.data()) };
}

function toJson(data: DocumentData): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).map(([key, value]) => [key, toJsonValue(value)]));
}

/** Firestore values as JSON: timestamps as ISO 8601, references as their paths. */
function toJsonValue(value: unknown): unknown {
  if (value instanceof Timestamp) return value.toDate().toISOString();
  if (value instanceof DocumentReference) return value.path;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (value !== null && typeof value === 'object') return toJson(value);
  return value;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
