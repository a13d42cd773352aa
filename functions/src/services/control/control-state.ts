import { settingsOf, WATCH } from '@gadget/shared';
import type { DesiredState, Device, DeviceControl } from '@gadget/shared';

/** The summary of a device that never had a setting, a command or a sync. */
export const NO_CONTROL: DeviceControl = {
  desiredVersion: 0,
  appliedVersion: 0,
  pendingKeys: [],
  refusedKeys: {},
  lastSyncAt: null,
  syncedVia: null,
  pendingCommands: 0,
  reportIntervalSeconds: null,
  watchUntil: null,
};

export function controlOf(device: Device): DeviceControl {
  return device.control ?? NO_CONTROL;
}

/**
 * The settings the app set that the gadget has not applied: changed by a version newer than the
 * one it applied, not by the gadget itself (it runs those already), and not refused by it.
 */
export function pendingKeysOf(
  desired: DesiredState | undefined,
  appliedVersion: number,
  refusedKeys: Readonly<Record<string, string>>,
): string[] {
  if (desired === undefined) return [];
  return Object.entries(desired.keys)
    .filter(
      ([key, meta]) =>
        meta.version > appliedVersion && meta.via === 'app' && !Object.hasOwn(refusedKeys, key),
    )
    .map(([key]) => key)
    .sort();
}

/** How long the gadget should wait before its next call: fast while a member watches. */
export function nextPollSeconds(device: Device, now: Date): number {
  const control = controlOf(device);
  if (control.watchUntil !== null && control.watchUntil.getTime() > now.getTime()) {
    return WATCH.pollSeconds;
  }
  const fallback = settingsOf(device.model).reportIntervalSeconds;
  return control.reportIntervalSeconds ?? (fallback?.kind === 'integer' ? fallback.default : 900);
}

/** Whether two flat records hold the same keys with the same values. */
export function sameEntries(
  a: Readonly<Record<string, unknown>>,
  b: Readonly<Record<string, unknown>>,
): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

/** The summary once `finished` of its unfinished commands are done (never below zero). */
export function withCommandsFinished(control: DeviceControl, finished: number): DeviceControl {
  return { ...control, pendingCommands: Math.max(0, control.pendingCommands - finished) };
}

/** Whether two summaries differ in anything but the time of the last sync. */
export function sameControl(a: DeviceControl, b: DeviceControl): boolean {
  return canonical({ ...a, lastSyncAt: null }) === canonical({ ...b, lastSyncAt: null });
}

/** JSON with object keys sorted, so two equal maps built in another order compare equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner) && !(inner instanceof Date)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}
