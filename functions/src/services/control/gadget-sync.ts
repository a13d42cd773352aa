import type { DocumentReference, Transaction } from 'firebase-admin/firestore';
import type {
  CommandAck,
  CommandDoc,
  DesiredState,
  Device,
  DeviceControl,
  Downstream,
  GadgetSync,
  OtaReport,
  PendingCommand,
  ReportedState,
  SyncVia,
} from '@gadget/shared';
import { invalidArgument } from '../../errors.ts';
import { collections, documents } from '../../data/collections.ts';
import { controlOf, pendingKeysOf, sameControl, sameEntries } from './control-state.ts';
import { reportIntervalOf } from './desired-settings.ts';
import { MAX_UNFINISHED_COMMANDS } from './commands.ts';
import { asCheckedSettings, settingProblems } from './setting-checks.ts';

/** What a gadget said in one call, over Wi-Fi (`ingest`) or relayed by a phone. */
export interface GadgetSaid {
  readonly sync?: GadgetSync | undefined;
  readonly acks?: readonly CommandAck[] | undefined;
  readonly firmware?: string | undefined;
  /** Where the gadget is with an update (`ota/current`; the firmware service settles it). */
  readonly ota?: OtaReport | undefined;
  readonly via: SyncVia;
  /** The relaying member (relayed reports only). */
  readonly relayedBy: string | null;
  /** The relayed report's sequence number (null over Wi-Fi). */
  readonly seq: number | null;
  readonly verified: boolean;
}

export interface SyncPlan {
  /** The device's next summary, or undefined when it need not be written. */
  readonly control: DeviceControl | undefined;
  readonly downstream: Downstream;
  /** Commands this call finished (acknowledged, timed out or expired). */
  readonly finishedCommands: number;
  /** The writes, once every read of the caller's transaction is done. */
  write(transaction: Transaction): void;
}

/** A sync only to say "still here" rewrites the summary at most this often. */
const SYNC_TIME_RESOLUTION_MS = 60_000;

/**
 * The settings and commands part of a gadget's call, inside the caller's transaction (which has
 * read the device). Nothing is read unless the device's summary says there is something to do: a
 * newer desired version or a change of the applied one (the desired document), settings changed on
 * the gadget (the desired and reported documents), unfinished commands or answers to them (one
 * query). So a gadget in step with nothing waiting costs no read beyond the device.
 *
 * Conflicts are settled by version, never by the gadget's clock: a setting changed on the gadget
 * was changed while it ran `appliedDesiredVersion`, so it is newer than every desired value of that
 * version or older and becomes the desired value (set by `gadget`, a version bump), and older than
 * any value set since, which stays desired and reaches the gadget in this answer.
 */
export async function planGadgetSync(
  transaction: Transaction,
  deviceId: string,
  device: Device,
  said: GadgetSaid,
  now: Date,
  preread?: { readonly reported: ReportedState | undefined },
): Promise<SyncPlan> {
  const control = controlOf(device);
  const sync = said.sync === undefined ? undefined : clampSync(said.sync, control.desiredVersion);
  const problems = settingProblems(device.model, sync?.changed ?? {}, null, 'sync.changed');
  if (Object.keys(problems).length > 0) {
    throw invalidArgument('The settings changed on the gadget are not valid.', {
      formErrors: [],
      fieldErrors: problems,
    });
  }
  const changed = Object.entries(asCheckedSettings(sync?.changed ?? {}));
  const refused = sync?.refused ?? control.refusedKeys;
  const appliedVersion = sync?.appliedDesiredVersion ?? control.appliedVersion;
  const firmware = said.firmware ?? device.status.firmware?.version ?? null;

  // What the gadget runs changed: the applied version, its refusals, or a setting changed on it.
  const runsOtherwise =
    sync !== undefined &&
    (appliedVersion !== control.appliedVersion ||
      !sameEntries(refused, control.refusedKeys) ||
      changed.length > 0);
  const needsDesired =
    sync !== undefined && (sync.knownDesiredVersion < control.desiredVersion || runsOtherwise);
  const needsReported =
    said.via === 'relay' ||
    runsOtherwise ||
    (sync !== undefined && control.syncedVia !== said.via) ||
    (said.firmware !== undefined && said.firmware !== device.status.firmware?.version);
  const needsCommands = control.pendingCommands > 0 || (said.acks?.length ?? 0) > 0;

  const desiredRef = documents.desiredState(deviceId);
  const reportedRef = documents.reportedState(deviceId);
  const desired = needsDesired ? (await transaction.get(desiredRef)).data() : undefined;
  const reported =
    preread !== undefined
      ? preread.reported
      : needsReported
        ? (await transaction.get(reportedRef)).data()
        : undefined;
  const unfinished = needsCommands
    ? (
        await transaction.get(
          collections
            .commands(deviceId)
            .where('status', 'in', ['queued', 'sent'])
            .limit(MAX_UNFINISHED_COMMANDS * 2),
        )
      ).docs
    : [];

  const nextDesired =
    desired === undefined ? undefined : adoptGadgetChanges(desired, changed, appliedVersion, now);
  const commands = settleCommands(unfinished, said.acks ?? [], now);

  const desiredVersion = nextDesired?.version ?? control.desiredVersion;
  const nextControl: DeviceControl = {
    ...control,
    desiredVersion,
    appliedVersion,
    refusedKeys: { ...refused },
    pendingKeys:
      nextDesired === undefined
        ? control.pendingKeys.filter((key) => !Object.hasOwn(refused, key))
        : pendingKeysOf(nextDesired, appliedVersion, refused),
    reportIntervalSeconds:
      nextDesired === undefined ? control.reportIntervalSeconds : reportIntervalOf(nextDesired),
    pendingCommands: needsCommands ? commands.delivered.length : control.pendingCommands,
    ...(sync === undefined ? {} : { syncedVia: said.via, lastSyncAt: now }),
  };
  const stale =
    control.lastSyncAt === null ||
    now.getTime() - control.lastSyncAt.getTime() >= SYNC_TIME_RESOLUTION_MS;
  const writeControl =
    device.control === undefined
      ? sync !== undefined
      : !sameControl(control, nextControl) || (sync !== undefined && stale);

  const nextReported: ReportedState | undefined = needsReported
    ? {
        seq: said.seq ?? reported?.seq ?? null,
        values: reportedValues(reported, nextDesired ?? desired, appliedVersion, refused, changed),
        appliedDesiredVersion: appliedVersion,
        refused: { ...refused },
        firmware,
        via: said.via,
        relayedBy: said.relayedBy,
        verified: said.verified,
        reportedAt: now,
      }
    : undefined;

  return {
    control: writeControl ? nextControl : undefined,
    downstream: {
      ...(sync !== undefined &&
      nextDesired !== undefined &&
      sync.knownDesiredVersion < nextDesired.version
        ? { desired: { version: nextDesired.version, values: nextDesired.values } }
        : {}),
      commands: commands.delivered,
    },
    finishedCommands: commands.finished,
    write(transaction) {
      if (nextDesired !== undefined && nextDesired !== desired) {
        transaction.set(desiredRef, nextDesired);
      }
      if (nextReported !== undefined) transaction.set(reportedRef, nextReported);
      for (const [ref, update] of commands.writes) transaction.update(ref, update);
    },
  };
}

/** Versions the backend never issued are read as the newest it did (a confused gadget). */
function clampSync(sync: GadgetSync, desiredVersion: number): GadgetSync {
  return {
    ...sync,
    knownDesiredVersion: Math.min(sync.knownDesiredVersion, desiredVersion),
    appliedDesiredVersion: Math.min(sync.appliedDesiredVersion, desiredVersion),
  };
}

/**
 * The gadget's own changes that are newer than the desired value (its key's version is one the
 * gadget had applied) become desired, in one new version; the others lose to the newer value.
 */
function adoptGadgetChanges(
  desired: DesiredState,
  changed: readonly (readonly [string, string | number])[],
  appliedVersion: number,
  now: Date,
): DesiredState {
  const adopted = changed.filter(
    ([key, value]) =>
      (desired.keys[key]?.version ?? 0) <= appliedVersion && desired.values[key] !== value,
  );
  if (adopted.length === 0) return desired;
  const version = desired.version + 1;
  return {
    version,
    values: { ...desired.values, ...Object.fromEntries(adopted) },
    keys: {
      ...desired.keys,
      ...Object.fromEntries(
        adopted.map(([key]) => [key, { version, setBy: 'gadget', setAt: now, via: 'gadget' }]),
      ),
    },
    updatedAt: now,
  };
}

/**
 * What the gadget runs: what it said before, every desired value of a version it applied (bar the
 * ones it refused), and what was changed on it.
 */
function reportedValues(
  reported: ReportedState | undefined,
  desired: DesiredState | undefined,
  appliedVersion: number,
  refused: Readonly<Record<string, string>>,
  changed: readonly (readonly [string, string | number])[],
): ReportedState['values'] {
  const applied = Object.entries(desired?.values ?? {}).filter(
    ([key]) =>
      (desired?.keys[key]?.version ?? Infinity) <= appliedVersion && !Object.hasOwn(refused, key),
  );
  return { ...reported?.values, ...Object.fromEntries(applied), ...Object.fromEntries(changed) };
}

interface SettledCommands {
  readonly delivered: PendingCommand[];
  readonly finished: number;
  readonly writes: [DocumentReference<CommandDoc>, Partial<CommandDoc>][];
}

/**
 * Each unfinished command, oldest first: answered (the answer is final, even past the deadline:
 * the gadget did it), past its deadline (`timed-out` once sent, `expired` if never), or delivered
 * (marked `sent` the first time). Answers to commands not unfinished change nothing.
 */
function settleCommands(
  unfinished: readonly { ref: DocumentReference<CommandDoc>; data(): CommandDoc }[],
  acks: readonly CommandAck[],
  now: Date,
): SettledCommands {
  const answers = new Map(acks.map((ack) => [ack.commandId, ack]));
  const delivered: PendingCommand[] = [];
  const writes: SettledCommands['writes'] = [];
  let finished = 0;
  const byAge = unfinished
    .map((snapshot) => ({ ref: snapshot.ref, command: snapshot.data() }))
    .sort((a, b) => a.command.createdAt.getTime() - b.command.createdAt.getTime());
  for (const { ref, command } of byAge) {
    const answer = answers.get(ref.id);
    if (answer !== undefined) {
      finished++;
      writes.push([
        ref,
        {
          status: answer.status,
          result: answer.result ?? null,
          finishedAt: now,
          sentAt: command.sentAt ?? now,
        },
      ]);
    } else if (command.expiresAt.getTime() <= now.getTime()) {
      finished++;
      writes.push([
        ref,
        { status: command.status === 'sent' ? 'timed-out' : 'expired', finishedAt: now },
      ]);
    } else {
      if (command.status === 'queued') writes.push([ref, { status: 'sent', sentAt: now }]);
      delivered.push({
        commandId: ref.id,
        command: command.command,
        params: command.params,
        expiresAt: command.expiresAt.toISOString(),
      });
    }
  }
  return { delivered, finished, writes };
}
