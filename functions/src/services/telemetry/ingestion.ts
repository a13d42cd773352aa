import type {
  DocumentData,
  DocumentReference,
  DocumentSnapshot,
  Transaction,
  UpdateData,
} from 'firebase-admin/firestore';
import { readingHourKey } from '@gadget/shared';
import { AccountDeletedError } from '../accounts/account-status.ts';
import type {
  Device,
  Downstream,
  FirmwareOffer,
  HourDoc,
  MetricAggregates,
  SubmissionResult,
} from '@gadget/shared';
import { db } from '../../admin.ts';
import { permissionDenied } from '../../errors.ts';
import { requireRole } from '../devices/device-access.ts';
import { keyHolderAllowed } from '../devices/device-keys.ts';
import type { CheckedKey } from '../devices/device-keys.ts';
import { forgetKey } from '../devices/known-keys.ts';
import { countRequest } from './request-window.ts';
import type { RequestLimit } from './request-window.ts';
import { evaluateAlerts } from '../alerts/evaluate.ts';
import { rulesOf } from '../alerts/rules.ts';
import { writeAlerts } from '../alerts/alert-writes.ts';
import { planGadgetOta } from '../firmware/gadget-ota.ts';
import { groupByHour, unstored, withReadings } from './hour-docs.ts';
import { recentHoursUpdate } from './recent-hours.ts';
import { statusChange } from './device-status.ts';
import { validateReadings } from './validation.ts';
import type { ValidReading } from './validation.ts';
import { collections } from '../../data/collections.ts';
import { planGadgetSync } from '../control/gadget-sync.ts';
import type { GadgetSaid } from '../control/gadget-sync.ts';
import { nextPollSeconds } from '../control/control-state.ts';

/**
 * Who is submitting: a member through the app, or the gadget itself (its key already checked; who
 * rotated it is checked against the device here, and its per-device limit counted on it).
 */
export type Submitter =
  | { readonly kind: 'app'; readonly uid: string; readonly limit: RequestLimit }
  | { readonly kind: 'device'; readonly key: CheckedKey; readonly limit: RequestLimit };

export interface IngestionInput {
  readonly deviceId: string;
  /** Empty for a gadget's call that only syncs. */
  readonly readings: readonly unknown[];
  readonly submitter: Submitter;
  /**
   * A gadget's own call: its settings sync, command answers and update reports, settled in the same
   * transaction, and the firmware it runs.
   */
  readonly said?: GadgetSaid;
  /**
   * Where this gadget downloads firmware (`firmwareDownload`'s URL): set for a Wi-Fi gadget's own
   * call, which may be offered an update; null or absent, no offer is made.
   */
  readonly downloadBase?: string | null;
  readonly retentionDays: number;
  readonly criticalMarginPercent: number;
  readonly now?: Date;
}

export interface IngestionOutcome extends SubmissionResult {
  readonly alertsWritten: number;
  /** What to tell the gadget (its own calls only; an app's submission gets none). */
  readonly downstream: Downstream;
  readonly nextPollSeconds: number;
  readonly finishedCommands: number;
  /** A firmware update offered to the gadget. */
  readonly firmwareOffer: FirmwareOffer | undefined;
}

/**
 * The one telemetry service behind `submitReadings` and `ingest`. One transaction reads, in one
 * call, the device and the documents of the H hours the batch's times fall in (1 + H reads; the
 * app's submission adds the account's deletion tombstone), learns from the hours' `ids` which
 * readings are new, and writes each hour that gained readings and the device (at most 1 + H
 * writes: a reading is a few array entries of its hour, not a document of its own), plus the
 * alert documents the evaluation changes. The per-device limit is counted on the device, and the
 * device carries the touched hours' aggregates (`recentHours`), at no extra write. Everything a
 * repeat could count twice is decided inside the transaction, so a resubmitted batch writes
 * nothing, and concurrent submissions for one device are serialised on the device document and
 * lose nothing.
 *
 * The hours are read with the device, before the device says whether the request may go on: two
 * round trips instead of three for every accepted request, for H (at most
 * `LIMITS.readingHoursPerSubmission`) more reads on a refused one.
 */
export async function ingestReadings(input: IngestionInput): Promise<IngestionOutcome> {
  // Its callers refuse readings in too many hours (`refuseTooManyHours`) before their own reads.
  const now = input.now ?? new Date();
  const deviceRef = collections.devices().doc(input.deviceId);
  const firmwareReported = input.said?.firmware;
  const hourRefsByKey = new Map(
    [...new Set(input.readings.map(readingHourKey))]
      .filter((key) => key !== null)
      .map((key) => [key, collections.hours(input.deviceId).doc(key)]),
  );
  return db().runTransaction(async (transaction) => {
    const submitter = input.submitter;
    const read = await readTogether(
      transaction,
      deviceRef,
      submitter.kind === 'app' ? collections.accountDeletions().doc(submitter.uid) : undefined,
      [...hourRefsByKey.values()],
    );
    const device =
      submitter.kind === 'app'
        ? memberDevice(read.device, read.tombstone, submitter.uid)
        : authorize(read.device, submitter, input.deviceId);
    // Each limit is counted on the device the submission writes anyway.
    const window =
      submitter.kind === 'device'
        ? { ingestWindow: countRequest(device.ingestWindow, submitter.limit, now) }
        : {
            submitWindow: countRequest(
              device.submitWindow,
              submitter.limit,
              now,
              'Too many submissions for this device. Try again in a minute.',
            ),
          };
    const readings =
      input.readings.length === 0 ? [] : validateReadings(input.readings, device.model, now);
    const hours = [...groupByHour(readings)];
    const hourRefs = hours.map(([key]) => collections.hours(input.deviceId).doc(key));
    const stored = await storedHours(transaction, hourRefs, read.hours);

    // The sync's reads (only when the device says something waits) come before any write.
    const sync =
      input.said === undefined
        ? undefined
        : await planGadgetSync(transaction, input.deviceId, device, input.said, now);
    const ota =
      input.said === undefined
        ? undefined
        : await planGadgetOta(
            transaction,
            input.deviceId,
            device,
            input.said,
            now,
            input.downloadBase ?? null,
          );

    const fresh: ValidReading[] = [];
    const touched = new Map<string, { hour: Date; metrics: MetricAggregates }>();
    hours.forEach(([key, group], index) => {
      const hour: HourDoc | undefined = stored[index]?.data();
      const added = unstored(hour, group);
      const ref = hourRefs[index];
      if (added.length === 0 || ref === undefined) return;
      fresh.push(...added);
      const next = withReadings(key, hour, added, input.retentionDays);
      transaction.set(ref, next);
      touched.set(key, { hour: next.hour, metrics: next.metrics });
    });

    const firmware = firmwareReported === undefined ? undefined : { version: firmwareReported };
    const change = statusChange(device, fresh, now, firmware);
    const evaluation = evaluateAlerts(
      device.alertState,
      rulesOf(device, input.criticalMarginPercent),
      fresh,
    );

    const deviceUpdate: UpdateData<Device> = {
      ...change,
      ...window,
      ...recentHoursUpdate(device, touched),
      ...(evaluation.changed ? { alertState: evaluation.state } : {}),
      ...(sync?.control === undefined ? {} : { control: sync.control }),
    };
    if (Object.keys(deviceUpdate).length > 0) transaction.update(deviceRef, deviceUpdate);
    writeAlerts(transaction, input.deviceId, evaluation.writes);
    sync?.write(transaction);
    ota?.write(transaction);
    const after: Device =
      sync?.control === undefined ? device : { ...device, control: sync.control };
    return {
      accepted: fresh.length,
      duplicates: readings.length - fresh.length,
      alertsWritten: evaluation.writes.size,
      downstream: sync?.downstream ?? { commands: [] },
      nextPollSeconds: nextPollSeconds(after, now),
      finishedCommands: sync?.finishedCommands ?? 0,
      firmwareOffer: ota?.offer,
    };
  });
}

interface ReadTogether {
  readonly device: DocumentSnapshot<Device>;
  readonly tombstone: DocumentSnapshot<unknown> | undefined;
  /** By hour key. */
  readonly hours: ReadonlyMap<string, DocumentSnapshot<HourDoc>>;
}

/** The device, the tombstone when there is one to check, and the hours: one call, one round trip. */
async function readTogether(
  transaction: Transaction,
  deviceRef: DocumentReference<Device>,
  tombstoneRef: DocumentReference | undefined,
  hourRefs: readonly DocumentReference<HourDoc>[],
): Promise<ReadTogether> {
  const others: DocumentReference<unknown>[] =
    tombstoneRef === undefined ? [...hourRefs] : [tombstoneRef, ...hourRefs];
  // getAll answers in the order asked, each snapshot through its own reference's converter.
  const [device, ...rest] = await transaction.getAll<unknown, DocumentData>(deviceRef, ...others);
  const tombstone = tombstoneRef === undefined ? undefined : rest.shift();
  const hours = new Map<string, DocumentSnapshot<HourDoc>>();
  rest.forEach((snapshot) => hours.set(snapshot.id, snapshot as DocumentSnapshot<HourDoc>));
  return { device: device as DocumentSnapshot<Device>, tombstone, hours };
}

/**
 * The stored hours of the valid readings, from what was read with the device. A valid reading's
 * hour is always among those of the batch's times; one that were not would be read here.
 */
async function storedHours(
  transaction: Transaction,
  hourRefs: readonly DocumentReference<HourDoc>[],
  read: ReadonlyMap<string, DocumentSnapshot<HourDoc>>,
): Promise<(DocumentSnapshot<HourDoc> | undefined)[]> {
  const unread = hourRefs.filter((ref) => !read.has(ref.id));
  const more = unread.length === 0 ? [] : await transaction.getAll(...unread);
  const byKey = new Map([...read, ...more.map((snapshot) => [snapshot.id, snapshot] as const)]);
  return hourRefs.map((ref) => byKey.get(ref.id));
}

function authorize(
  snapshot: DocumentSnapshot<Device>,
  submitter: Extract<Submitter, { kind: 'device' }>,
  deviceId: string,
): Device {
  const device = snapshot.data();
  // The key was checked before, or remembered; the device was released in the meantime, a
  // rotation replaced the key, or whoever rotated it no longer holds a role that may have one.
  if (device === undefined || !keyHolderAllowed(device, submitter.key)) {
    forgetKey(deviceId);
    throw permissionDenied('This device key is not valid.');
  }
  return device;
}

/**
 * The app's submission: the account's deletion tombstone, read with the device (the check every
 * callable makes before and after its work, folded into the submission's own read), then the
 * member's role.
 */
function memberDevice(
  snapshot: DocumentSnapshot<Device>,
  tombstone: DocumentSnapshot<unknown> | undefined,
  uid: string,
): Device {
  if (tombstone?.exists === true) throw new AccountDeletedError();
  // Viewers read and get alerts; forged readings would open alerts and fill the hour caps.
  return requireRole(snapshot.data(), uid, ['owner', 'admin']).device;
}
