import { fileURLToPath } from 'node:url';
import { beforeEach } from 'vitest';
import type { TestCloud } from '@gadget/local-cloud/testing';
import type {
  DeviceModelId,
  GetReadingHistoryResponse,
  ReadingInput,
  SubmitReadingsResponse,
} from '@gadget/shared';
import {
  GetReadingHistoryResponseSchema,
  nextReadingsBatch,
  RotateDeviceKeyResponseSchema,
  SubmitReadingsResponseSchema,
} from '@gadget/shared';
import { claimedDevice } from './devices.ts';
import { startProductCloud } from './product-cloud.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * A product cloud that enforces the project's declared indexes (the watchdog's query needs one),
 * with high ingest and submission rate limits so tests that send many batches do not reach them.
 */
export function startTelemetryCloud(functionsEnv: Record<string, string> = {}): Promise<TestCloud> {
  return startProductCloud({
    indexesFile: `${ROOT}firestore.indexes.json`,
    functionsEnv: {
      INGEST_RATE_LIMIT_PER_MINUTE: '1000',
      SUBMIT_RATE_LIMIT_PER_MINUTE: '1000',
      ...functionsEnv,
    },
  });
}

export interface TestDevice {
  readonly deviceId: string;
  readonly serial: string;
  readonly ownerUid: string;
}

/** A device claimed by `ownerUid` through `claimDevice`. */
export async function telemetryDevice(
  cloud: TestCloud,
  ownerUid = 'owner',
  model: DeviceModelId = 'thermo-1',
): Promise<TestDevice> {
  const { deviceId, serial } = await claimedDevice(cloud, ownerUid, { model });
  return { deviceId, serial, ownerUid };
}

/**
 * The device each test of a file starts with: claimed by `owner` before each test, after the
 * cloud's reset (so call it after `sharedCloud`). The object returned always holds the current one.
 */
export function useTestDevice(cloud: TestCloud): TestDevice {
  const device = { deviceId: '', serial: '', ownerUid: '' };
  beforeEach(async () => {
    Object.assign(device, await telemetryDevice(cloud));
  });
  return device;
}

/** `submitReadings` for the device as `uid` (its owner by default), the answer parsed by its schema. */
export async function submitBatch(
  cloud: TestCloud,
  device: TestDevice,
  readings: unknown,
  uid: string = device.ownerUid,
): Promise<SubmitReadingsResponse> {
  return SubmitReadingsResponseSchema.parse(
    await cloud.call('submitReadings', { deviceId: device.deviceId, readings }, { uid }),
  );
}

/**
 * `getReadingHistory` of the device's temperature from `from` to `to` (ms) in `bucket`, as `uid`
 * (its owner by default); `extra` adds fields to the request or overrides them.
 */
export async function temperatureHistory(
  cloud: TestCloud,
  device: TestDevice,
  bucket: string,
  from: number,
  to: number,
  { uid = device.ownerUid, extra = {} }: { uid?: string; extra?: Record<string, unknown> } = {},
): Promise<GetReadingHistoryResponse> {
  return GetReadingHistoryResponseSchema.parse(
    await cloud.call(
      'getReadingHistory',
      {
        deviceId: device.deviceId,
        metric: 'temperature',
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        bucket,
        ...extra,
      },
      { uid },
    ),
  );
}

/** A fresh device key from `rotateDeviceKey`. */
export async function rotateKey(cloud: TestCloud, device: TestDevice): Promise<string> {
  return RotateDeviceKeyResponseSchema.parse(
    await cloud.call('rotateDeviceKey', { deviceId: device.deviceId }, { uid: device.ownerUid }),
  ).deviceKey;
}

const MINUTE = 60_000;

/** A reading `minutesAgo` before `base` (default now). */
export function reading(
  id: string,
  minutesAgo: number,
  values: Record<string, number>,
  base: number = Date.now(),
): ReadingInput {
  return { id, ts: new Date(base - minutesAgo * MINUTE).toISOString(), values };
}

/** `n` readings one minute apart ending about now, ids `${prefix}-${i}`. */
export function series(
  prefix: string,
  n: number,
  values: (i: number) => Record<string, number> = (i) => ({ temperature: 20 + (i % 5) }),
  base: number = Date.now(),
): ReadingInput[] {
  return Array.from({ length: n }, (_, i) =>
    reading(`${prefix}-${String(i)}`, n - i, values(i), base),
  );
}

/**
 * `n` readings 10 s apart ending now, with no threshold crossed and a full battery (so no alert
 * documents), and how many hour buckets (H) they span: the batches the op budgets are counted on.
 */
export function quietBatch(prefix: string, n: number): { readings: ReadingInput[]; hours: number } {
  const base = Date.now();
  const readings = Array.from({ length: n }, (_, i) =>
    reading(`${prefix}-${String(i)}`, ((n - i) * 10) / 60, { temperature: 20, battery: 90 }, base),
  );
  return { readings, hours: new Set(readings.map((r) => r.ts.slice(0, 13))).size };
}

export interface IngestAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Headers;
}

/** POSTs to the `ingest` endpoint as a gadget would. */
export async function postIngest(
  cloud: TestCloud,
  options: {
    authorization?: string | undefined;
    body?: unknown;
    rawBody?: string;
    contentType?: string;
    method?: string;
  },
): Promise<IngestAnswer> {
  const headers: Record<string, string> = {
    'content-type': options.contentType ?? 'application/json',
  };
  if (options.authorization !== undefined) headers.authorization = options.authorization;
  const method = options.method ?? 'POST';
  const response = await fetch(`${cloud.functionsUrl}/ingest`, {
    method,
    headers,
    ...(method === 'GET' ? {} : { body: options.rawBody ?? JSON.stringify(options.body ?? {}) }),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: keep the text for the assertion message.
  }
  return { status: response.status, body, headers: response.headers };
}

export function deviceAuthorization(deviceId: string, key: string): string {
  return `Device ${deviceId}:${key}`;
}

/** The readings stored, summed over the device's hour documents. */
export async function readingCount(cloud: TestCloud, deviceId: string): Promise<number> {
  const hours = await hourDocs(cloud, deviceId);
  return Object.values(hours).reduce((sum, hour) => sum + (hour.ids as string[]).length, 0);
}

export async function alertDocs(
  cloud: TestCloud,
  deviceId: string,
): Promise<Record<string, Record<string, unknown>>> {
  const snapshot = await cloud.firestore.collection(`devices/${deviceId}/alerts`).get();
  return Object.fromEntries(snapshot.docs.map((doc) => [doc.id, doc.data()]));
}

export async function hourDocs(
  cloud: TestCloud,
  deviceId: string,
): Promise<Record<string, Record<string, unknown>>> {
  const snapshot = await cloud.firestore.collection(`devices/${deviceId}/hours`).get();
  return Object.fromEntries(snapshot.docs.map((doc) => [doc.id, doc.data()]));
}

export async function dayDocs(
  cloud: TestCloud,
  deviceId: string,
): Promise<Record<string, Record<string, unknown>>> {
  const snapshot = await cloud.firestore.collection(`devices/${deviceId}/days`).get();
  return Object.fromEntries(snapshot.docs.map((doc) => [doc.id, doc.data()]));
}

export async function setThresholds(
  cloud: TestCloud,
  device: TestDevice,
  thresholds: Record<string, { min?: number; max?: number; hysteresis?: number }>,
): Promise<void> {
  await cloud.call(
    'updateDevice',
    { deviceId: device.deviceId, thresholds },
    { uid: device.ownerUid },
  );
}

/**
 * Submits a backlog as a gadget would after days away: oldest first, one request per batch of at
 * most 500 readings in at most 6 UTC hours (`nextReadingsBatch`).
 */
export async function submitBacklog(
  cloud: TestCloud,
  device: TestDevice,
  readings: readonly ReadingInput[],
): Promise<void> {
  let left = [...readings];
  while (left.length > 0) {
    const batch = nextReadingsBatch(left);
    await submitBatch(cloud, device, batch);
    left = left.slice(batch.length);
  }
}
