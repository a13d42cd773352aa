import type { DesiredState, DeviceControl, SettingValues } from '@gadget/shared';
import { db } from '../../admin.ts';
import { failedPrecondition, invalidArgument } from '../../errors.ts';
import { collections, documents } from '../../data/collections.ts';
import { requireRole } from '../devices/device-access.ts';
import { controlOf, pendingKeysOf } from './control-state.ts';
import { asCheckedSettings, settingProblems } from './setting-checks.ts';

export interface SetSettingsInput {
  readonly uid: string;
  readonly deviceId: string;
  readonly values: SettingValues;
  readonly expectedVersion?: number | undefined;
  readonly now?: Date;
}

export interface SetSettingsOutcome {
  readonly version: number;
  readonly values: DesiredState['values'];
  readonly pendingKeys: string[];
  /** The settings this call changed (a value equal to the desired one changes nothing). */
  readonly changed: string[];
}

/**
 * `setDeviceSettings`: one transaction reads the device (role, model, firmware, summary) and the
 * desired document, and writes both: 2 reads, 2 writes, nothing when no value changes. Each
 * changed setting records the new version, so the gadget's own changes can be ordered against it.
 */
export async function setDesiredSettings(input: SetSettingsInput): Promise<SetSettingsOutcome> {
  const now = input.now ?? new Date();
  const deviceRef = collections.devices().doc(input.deviceId);
  const desiredRef = documents.desiredState(input.deviceId);
  return db().runTransaction(async (transaction) => {
    const [deviceSnapshot, desiredSnapshot] = await Promise.all([
      transaction.get(deviceRef),
      transaction.get(desiredRef),
    ]);
    const { device } = requireRole(deviceSnapshot.data(), input.uid, ['owner', 'admin']);
    const desired = desiredSnapshot.data();
    const control = controlOf(device);
    const current = desired?.version ?? 0;
    if (input.expectedVersion !== undefined && input.expectedVersion !== current) {
      throw staleVersion(input.uid, input.expectedVersion, desired);
    }
    const problems = settingProblems(
      device.model,
      input.values,
      device.status.firmware?.version ?? null,
      'values',
    );
    if (Object.keys(problems).length > 0) {
      throw invalidArgument('These settings are not valid for this device.', {
        formErrors: [],
        fieldErrors: problems,
      });
    }

    const changed = Object.entries(asCheckedSettings(input.values)).filter(
      ([key, value]) => desired?.values[key] !== value,
    );
    if (changed.length === 0) {
      return {
        version: current,
        values: desired?.values ?? {},
        pendingKeys: control.pendingKeys,
        changed: [],
      };
    }
    const version = current + 1;
    const next: DesiredState = {
      version,
      values: { ...desired?.values, ...Object.fromEntries(changed) },
      keys: {
        ...desired?.keys,
        ...Object.fromEntries(
          changed.map(([key]) => [key, { version, setBy: input.uid, setAt: now, via: 'app' }]),
        ),
      },
      updatedAt: now,
    };
    // Setting a key again asks the gadget again: its earlier refusal no longer stands.
    const refusedKeys = Object.fromEntries(
      Object.entries(control.refusedKeys).filter(([key]) => !Object.hasOwn(input.values, key)),
    );
    const summary: DeviceControl = {
      ...control,
      desiredVersion: version,
      refusedKeys,
      pendingKeys: pendingKeysOf(next, control.appliedVersion, refusedKeys),
      reportIntervalSeconds: reportIntervalOf(next),
    };
    transaction.set(desiredRef, next);
    transaction.update(deviceRef, { control: summary });
    return {
      version,
      values: next.values,
      pendingKeys: summary.pendingKeys,
      changed: changed.map(([key]) => key),
    };
  });
}

/** The desired report interval, which `ingest` answers as `nextPollSeconds` without a read. */
export function reportIntervalOf(desired: DesiredState): number | null {
  const value = desired.values.reportIntervalSeconds;
  return typeof value === 'number' ? value : null;
}

/** The newest change's author and time, for the app to tell the person who got there first. */
function staleVersion(uid: string, expected: number, desired: DesiredState | undefined) {
  const current = desired?.version ?? 0;
  const latest = Object.values(desired?.keys ?? {}).find((meta) => meta.version === current);
  const details = {
    expectedVersion: expected,
    currentVersion: current,
    changedBy: latest === undefined ? null : latest.via === 'gadget' ? 'gadget' : latest.setBy,
    changedAt: latest?.setAt.toISOString() ?? null,
  };
  if (latest === undefined) {
    return failedPrecondition(
      `The settings are at version ${String(current)}, not ${String(expected)}. Reload them and try again.`,
      details,
    );
  }
  const who =
    latest.via === 'gadget'
      ? 'on the gadget itself'
      : latest.setBy === uid
        ? 'by you, elsewhere'
        : 'by another member';
  return failedPrecondition(
    `The settings changed since version ${String(expected)}: version ${String(current)} was set ${who} at ${latest.setAt.toISOString()}. Reload them and try again.`,
    details,
  );
}
