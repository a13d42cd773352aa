import type { Auth } from 'firebase-admin/auth';
import type { BulkWriter, DocumentReference, Firestore } from 'firebase-admin/firestore';
import { COLLECTIONS, DEVICE_MODELS, docPaths } from '@gadget/shared';
import type { Device, DeviceIdentity, MetricAggregates, PushTokenDoc } from '@gadget/shared';
import {
  groupByHour,
  hashToken,
  newDevice,
  withReadings,
} from '../../functions/src/for-scripts/seeding.ts';
import { newRegistryEntry } from './registry-entry.ts';
import type { Seed } from './seed-files.ts';

/** What a seeding wrote; `kept` counts the users, tokens and registry entries already there. */
export interface SeedReport {
  readonly users: number;
  readonly pushTokens: number;
  readonly registryEntries: number;
  readonly devices: number;
  readonly readings: number;
  readonly kept: number;
}

/** Readings are kept this long (the TTL the telemetry writes); seeded ones follow the same rule. */
const READING_RETENTION_DAYS = 30;
/** gRPC ALREADY_EXISTS: a create found the document there. */
const ALREADY_EXISTS = 6;

/**
 * Writes the seed through firebase-admin into whatever backend the clients point at (local-cloud or
 * the official emulators), adding only what is absent: a running or restored backend keeps its
 * state. Users are created through Auth, so the sign-up trigger makes their profiles exactly as it
 * does for real sign-ups. A registry entry and its device are one unit: where the entry exists
 * (claimed, released or locked since), neither it nor the device is touched, so they never disagree.
 */
export async function seedBackend(
  clients: { firestore: Firestore; auth: Auth },
  seed: Seed,
  options: { claimCodeSecret: string; now?: Date },
): Promise<SeedReport> {
  const now = options.now ?? new Date();
  const { firestore } = clients;
  let users = 0;
  let kept = 0;
  for (const user of seed.users) {
    const existing = await clients.auth.getUser(user.uid).catch(() => null);
    if (existing === null) {
      await clients.auth.createUser({
        uid: user.uid,
        email: user.email,
        password: user.password,
        displayName: user.displayName,
      });
      users++;
    } else {
      kept++;
    }
  }

  const tokens = firestore.bulkWriter();
  const tokenOutcomes = seed.users.flatMap((user) =>
    (user.pushTokens ?? []).map((pushToken) => {
      const tokenHash = hashToken(pushToken.token);
      const doc: PushTokenDoc = {
        token: pushToken.token,
        tokenHash,
        platform: pushToken.platform,
        appVersion: 'demo seed',
        locale: null,
        createdAt: now,
        updatedAt: now,
      };
      const ref = firestore
        .collection(COLLECTIONS.users)
        .doc(user.uid)
        .collection(COLLECTIONS.pushTokens)
        .doc(tokenHash);
      return createIfAbsent(tokens, ref, doc);
    }),
  );
  const [tokensCreated] = await Promise.all([Promise.all(tokenOutcomes), tokens.close()]);
  const pushTokens = tokensCreated.filter(Boolean).length;
  kept += tokensCreated.length - pushTokens;

  const registry = firestore.bulkWriter();
  const owned = new Map(seed.devices.map((device) => [device.serial, device]));
  const registryOutcomes = seed.registry.map((entry) => {
    const device = owned.get(entry.serial);
    const registryEntry = newRegistryEntry({
      model: entry.model,
      claimCode: entry.claimCode,
      claimCodeSecret: options.claimCodeSecret,
      provisionedAt: now,
      claimedBy: device?.ownerUid ?? null,
      deviceId: device?.deviceId ?? null,
    });
    return createIfAbsent(
      registry,
      firestore.collection(COLLECTIONS.deviceRegistry).doc(entry.serial),
      registryEntry,
    );
  });
  const [registryCreated] = await Promise.all([Promise.all(registryOutcomes), registry.close()]);
  const newSerials = new Set(
    seed.registry.filter((_, i) => registryCreated[i]).map((e) => e.serial),
  );
  const registryEntries = newSerials.size;
  kept += seed.registry.length - registryEntries;

  const writer = firestore.bulkWriter();
  let devices = 0;
  let readingCount = 0;
  for (const device of seed.devices.filter((d) => newSerials.has(d.serial))) {
    const model =
      seed.registry.find((entry) => entry.serial === device.serial)?.model ?? 'thermo-1';
    const allowed = new Set(Object.keys(DEVICE_MODELS[model].metrics));
    const readings = generateReadings(device.readings, now).map((reading) => ({
      ...reading,
      values: Object.fromEntries(
        Object.entries(reading.values).filter(([metric]) => allowed.has(metric)),
      ),
    }));
    const latest = readings.at(-1);
    // The hour documents the telemetry would have written, and their aggregates on the device.
    const hours = [...groupByHour(readings)].map(([key, group]) => ({
      key,
      doc: withReadings(key, undefined, group, READING_RETENTION_DAYS),
    }));
    const recentHours: Record<string, MetricAggregates> = Object.fromEntries(
      hours.map(({ key, doc }) => [key, doc.metrics]),
    );
    // A claimed device, then what its seeded readings would have left on it.
    const doc: Device = {
      ...newDevice({ model, ownerUid: device.ownerUid, name: device.name, now }),
      status: {
        online: latest !== undefined,
        lastSeenAt: latest?.ts ?? null,
        battery: latest?.values.battery ?? null,
        firmware: null,
      },
      latest: latest === undefined ? null : { ts: latest.ts, values: latest.values },
      recentHours,
      recentSince: hours[0]?.doc.hour ?? null,
    };
    const deviceRef = firestore.collection(COLLECTIONS.devices).doc(device.deviceId);
    void writer.set(deviceRef, doc);
    const identity: DeviceIdentity = { serial: device.serial };
    void writer.set(firestore.doc(docPaths.deviceIdentity(device.deviceId)), identity);
    devices++;
    for (const hour of hours) {
      void writer.set(deviceRef.collection(COLLECTIONS.hours).doc(hour.key), hour.doc);
    }
    readingCount += readings.length;
  }
  await writer.close();
  return { users, pushTokens, registryEntries, devices, readings: readingCount, kept };
}

/** Creates the document; false, leaving it as it is, when it already exists. */
async function createIfAbsent(
  writer: BulkWriter,
  ref: DocumentReference,
  data: object,
): Promise<boolean> {
  try {
    await writer.create(ref, data);
    return true;
  } catch (error) {
    if ((error as { code?: unknown }).code === ALREADY_EXISTS) return false;
    throw error;
  }
}

interface GeneratedReading {
  readonly id: string;
  readonly ts: Date;
  readonly values: Record<string, number>;
}

/**
 * A smooth daily wave per metric, aligned to the interval, ending at the last interval before the
 * gadget went quiet (now, unless the seed says it has been silent).
 */
function generateReadings(
  spec: Seed['devices'][number]['readings'],
  now: Date,
): GeneratedReading[] {
  if (spec === undefined) return [];
  const step = spec.intervalMinutes * 60_000;
  const quietSince = now.getTime() - (spec.silentForMinutes ?? 0) * 60_000;
  const end = Math.floor(quietSince / step) * step;
  const count = Math.floor((spec.hours * 60) / spec.intervalMinutes);
  const readings: GeneratedReading[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const ts = new Date(end - i * step);
    const phase = (ts.getTime() / 86_400_000) * 2 * Math.PI;
    const values = Object.fromEntries(
      Object.entries(spec.metrics).map(([metric, wave]) => [
        metric,
        Math.round((wave.base + wave.amplitude * Math.sin(phase)) * 10) / 10,
      ]),
    );
    readings.push({ id: `seed-${String(ts.getTime())}`, ts, values });
  }
  return readings;
}
