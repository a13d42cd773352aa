import { expect } from 'vitest';
import type { TestCloud } from '@gadget/local-cloud/testing';
import {
  IngestResponseSchema,
  SendCommandResponseSchema,
  SetDeviceSettingsResponseSchema,
} from '@gadget/shared';
import type { IngestResponse, SendCommandRequest, SetDeviceSettingsResponse } from '@gadget/shared';
import { deviceAuthorization, postIngest } from './telemetry.ts';
import { writesDuring } from './writes.ts';

/** The settings channel's documents of a device, as stored (undefined when absent). */
export async function controlDocs(cloud: TestCloud, deviceId: string) {
  const [device, desired, reported] = await Promise.all([
    cloud.firestore.doc(`devices/${deviceId}`).get(),
    cloud.firestore.doc(`devices/${deviceId}/state/desired`).get(),
    cloud.firestore.doc(`devices/${deviceId}/state/reported`).get(),
  ]);
  return {
    control: device.get('control') as Record<string, unknown> | undefined,
    desired: desired.data(),
    reported: reported.data(),
  };
}

/** Every command of a device as stored, by id. */
export async function commandDocs(
  cloud: TestCloud,
  deviceId: string,
): Promise<Record<string, Record<string, unknown>>> {
  const snapshot = await cloud.firestore.collection(`devices/${deviceId}/commands`).get();
  return Object.fromEntries(snapshot.docs.map((doc) => [doc.id, doc.data()]));
}

export async function setSettings(
  cloud: TestCloud,
  deviceId: string,
  values: Record<string, unknown>,
  uid: string,
  expectedVersion?: number,
): Promise<SetDeviceSettingsResponse> {
  return SetDeviceSettingsResponseSchema.parse(
    await cloud.call(
      'setDeviceSettings',
      { deviceId, values, ...(expectedVersion === undefined ? {} : { expectedVersion }) },
      { uid },
    ),
  );
}

export async function sendCommand(
  cloud: TestCloud,
  request: SendCommandRequest,
  uid: string,
): Promise<string> {
  return SendCommandResponseSchema.parse(await cloud.call('sendCommand', request, { uid }))
    .commandId;
}

/** A Wi-Fi gadget's `ingest` call that must succeed, its answer parsed by the contract. */
export async function gadgetCall(
  cloud: TestCloud,
  deviceId: string,
  key: string,
  body: Record<string, unknown>,
): Promise<IngestResponse> {
  const answer = await postIngest(cloud, {
    authorization: deviceAuthorization(deviceId, key),
    body,
  });
  if (answer.status !== 200) {
    throw new Error(`ingest answered ${String(answer.status)}: ${JSON.stringify(answer.body)}`);
  }
  return IngestResponseSchema.parse(answer.body);
}

/** `{sync}` for a gadget that knows and applied `known` and `applied`. */
export function sync(known: number, applied = known, extra: Record<string, unknown> = {}) {
  return { sync: { knownDesiredVersion: known, appliedDesiredVersion: applied, ...extra } };
}

/** What a refused call answers with, for the checks that follow. */
export interface Refusal {
  readonly code: string;
  readonly message: string;
  readonly details?: { fieldErrors?: Record<string, string[]> };
}

/**
 * Runs `action`, which must be refused with `code`, and shows it changed nothing: no Firestore
 * write while it ran, and `state()` (what the test watches) the same before and after.
 */
export async function expectRefusedUnchanged(
  cloud: TestCloud,
  state: () => Promise<unknown>,
  action: () => Promise<unknown>,
  code: string,
): Promise<Refusal> {
  const before = await state();
  let error: unknown;
  const writes = await writesDuring(cloud, async () => {
    error = await action().then(
      () => new Error('expected a refusal'),
      (refused: unknown) => refused,
    );
  });
  expect(error).toMatchObject({ code });
  expect(writes).toBe(0);
  expect(await state()).toEqual(before);
  return error as Refusal;
}
