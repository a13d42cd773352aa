import type { DocumentSnapshot, UpdateData } from 'firebase-admin/firestore';
import type { Device, ReadingDoc, Rollup, SubmissionResult } from '@gadget/shared';
import { collections, db } from '../../admin.ts';
import { permissionDenied } from '../../errors.ts';
import { requireRole } from '../device-access.ts';
import { evaluateAlerts } from '../alerts/evaluate.ts';
import { rulesOf } from '../alerts/rules.ts';
import { writeAlerts } from '../alerts/alert-writes.ts';
import { firmwareStatus, latestFirmware } from '../firmware.ts';
import { DAY_MS } from './hours.ts';
import { readingsOf, rollupsOf } from './refs.ts';
import { groupByHour, rollupMerge, uncounted } from './rollups.ts';
import { statusChange } from './device-status.ts';
import { validateReadings } from './validation.ts';
import type { ValidReading } from './validation.ts';

/** Who is submitting: a member through the app, or the gadget itself (its key already checked). */
export type Submitter =
  { readonly kind: 'app'; readonly uid: string } | { readonly kind: 'device' };

export interface IngestionInput {
  readonly deviceId: string;
  readonly readings: readonly unknown[];
  readonly submitter: Submitter;
  /** Reported by the gadget on `ingest`. */
  readonly firmware?: string | undefined;
  readonly retentionDays: number;
  readonly criticalMarginPercent: number;
  readonly now?: Date;
}

export interface IngestionOutcome extends SubmissionResult {
  readonly alertsWritten: number;
}

/**
 * The one telemetry service behind `submitReadings` and `ingest`. One transaction reads the device
 * and the rollups of the hours the batch touches (1 + H reads), learns from the rollups' `ids`
 * which readings are new, and writes the new readings, the H rollups and the device (N + 1 + H
 * writes), plus the alert documents the evaluation changes. Everything a repeat could count twice
 * is decided inside it, so a resubmitted batch writes nothing, and concurrent submissions for one
 * device are serialised on the device document and lose nothing.
 */
export async function ingestReadings(input: IngestionInput): Promise<IngestionOutcome> {
  const now = input.now ?? new Date();
  const deviceRef = collections.devices().doc(input.deviceId);
  const firmwareReported = input.firmware;
  return db().runTransaction(async (transaction) => {
    const device = authorize(await transaction.get(deviceRef), input.submitter);
    const readings = validateReadings(input.readings, device.model, now);
    const hours = [...groupByHour(readings)];
    const rollupRefs = hours.map(([key]) => rollupsOf(input.deviceId).doc(key));
    const rollups = rollupRefs.length === 0 ? [] : await transaction.getAll(...rollupRefs);

    const fresh: ValidReading[] = [];
    hours.forEach(([key, group], index) => {
      const rollup: Rollup | undefined = rollups[index]?.data();
      const uncountedReadings = uncounted(rollup, group);
      if (uncountedReadings.length === 0) return;
      fresh.push(...uncountedReadings);
      const ref = rollupRefs[index];
      if (ref !== undefined) {
        transaction.set(ref, rollupMerge(key, rollup, uncountedReadings), { merge: true });
      }
    });

    const firmware =
      firmwareReported === undefined
        ? undefined
        : firmwareStatus(firmwareReported, await latestFirmware(device.model, now));
    const change = statusChange(device, fresh, now, firmware);
    const evaluation = evaluateAlerts(
      device.alertState,
      rulesOf(device, input.criticalMarginPercent),
      fresh,
    );

    const source = input.submitter.kind;
    for (const reading of fresh) {
      const doc: ReadingDoc = {
        ts: reading.ts,
        values: { ...reading.values },
        receivedAt: now,
        source,
        expireAt: new Date(reading.ts.getTime() + input.retentionDays * DAY_MS),
      };
      transaction.set(readingsOf(input.deviceId).doc(reading.id), doc);
    }
    const deviceUpdate: UpdateData<Device> = {
      ...change,
      ...(evaluation.changed ? { alertState: evaluation.state } : {}),
    };
    if (Object.keys(deviceUpdate).length > 0) transaction.update(deviceRef, deviceUpdate);
    writeAlerts(transaction, input.deviceId, evaluation.writes);
    return {
      accepted: fresh.length,
      duplicates: readings.length - fresh.length,
      alertsWritten: evaluation.writes.size,
    };
  });
}

function authorize(snapshot: DocumentSnapshot<Device>, submitter: Submitter): Device {
  const device = snapshot.data();
  if (submitter.kind === 'app') {
    return requireRole(device, submitter.uid, ['owner', 'admin', 'viewer']).device;
  }
  // The key was checked before; the device was released in the meantime.
  if (device === undefined) throw permissionDenied('This device key is not valid.');
  return device;
}
