// Where a gadget's settings and commands channel lives and what its fields mean. This mirrors
// shared/src/schemas/device-control.ts and shared/src/paths.ts (`devices/{id}/state/desired`,
// `…/state/reported`, `…/commands/{id}` and the `control` summary on the device); the console only
// reads them, so a change there shows here as "nothing yet", never as a failure.
import type { FirestoreDocument } from '../firestore/rest.ts';
import { toPlain } from '../firestore/values.ts';

export interface ControlPaths {
  readonly device: readonly string[];
  readonly desired: readonly string[];
  readonly reported: readonly string[];
  readonly commands: readonly string[];
}

export function controlPaths(deviceId: string): ControlPaths {
  const device = ['devices', deviceId];
  return {
    device,
    desired: [...device, 'state', 'desired'],
    reported: [...device, 'state', 'reported'],
    commands: [...device, 'commands'],
  };
}

/** The device a document of the channel belongs to: the device itself, its state or a command. */
export function controlledDevice(path: readonly string[]): string | undefined {
  const [root, id, sub, doc] = path;
  if (root !== 'devices' || id === undefined) return undefined;
  if (path.length === 2) return id;
  if (path.length !== 4) return undefined;
  if (sub === 'state' && (doc === 'desired' || doc === 'reported')) return id;
  return sub === 'commands' ? id : undefined;
}

/** The statuses a command is still waiting in (the rest are final). */
export const UNFINISHED_STATUSES = ['queued', 'sent'] as const;

type Plain = Record<string, unknown>;

export interface DesiredKey {
  readonly version: number;
  readonly setBy: string;
  readonly setAt: string;
  readonly via: string;
}
export interface Desired {
  readonly version: number;
  readonly values: Plain;
  readonly keys: Record<string, DesiredKey>;
  readonly updatedAt: string;
}
export interface Reported {
  readonly seq: number | null;
  readonly values: Plain;
  readonly appliedDesiredVersion: number;
  readonly refused: Record<string, string>;
  readonly firmware: string | null;
  readonly via: string;
  readonly relayedBy: string | null;
  readonly verified: boolean;
  readonly reportedAt: string;
}
export interface Summary {
  readonly desiredVersion: number;
  readonly appliedVersion: number;
  readonly pendingKeys: readonly string[];
  readonly refusedKeys: Record<string, string>;
  readonly lastSyncAt: string | null;
  readonly syncedVia: string | null;
  readonly pendingCommands: number;
  readonly reportIntervalSeconds: number | null;
  readonly watchUntil: string | null;
}
export interface Command {
  readonly id: string;
  readonly command: string;
  readonly params: Plain;
  readonly status: string;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly finishedAt: string | null;
  readonly result: Plain | null;
}

/** A document's fields as plain JSON (timestamps as their ISO text), or null when it is absent. */
function plainOf(document: FirestoreDocument | null): Plain | null {
  if (document?.fields === undefined) return null;
  return toPlain({ mapValue: { fields: document.fields } }) as Plain;
}

// A field of another shape than expected reads as absent, so the panel shows what it can.
const record = (value: unknown): Plain =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Plain) : {};
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const count = (value: unknown): number => (typeof value === 'number' ? value : 0);
const texts = (value: unknown): Record<string, string> =>
  Object.fromEntries(
    Object.entries(record(value)).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );

export function desiredOf(document: FirestoreDocument | null): Desired | null {
  const p = plainOf(document);
  if (p === null) return null;
  const keys = Object.entries(record(p.keys)).map(([name, raw]): [string, DesiredKey] => {
    const k = record(raw);
    const key = {
      version: count(k.version),
      setBy: text(k.setBy) ?? '?',
      setAt: text(k.setAt) ?? '',
      via: text(k.via) ?? '?',
    };
    return [name, key];
  });
  return {
    version: count(p.version),
    values: record(p.values),
    keys: Object.fromEntries(keys),
    updatedAt: text(p.updatedAt) ?? '',
  };
}

export function reportedOf(document: FirestoreDocument | null): Reported | null {
  const p = plainOf(document);
  if (p === null) return null;
  return {
    seq: typeof p.seq === 'number' ? p.seq : null,
    values: record(p.values),
    appliedDesiredVersion: count(p.appliedDesiredVersion),
    refused: texts(p.refused),
    firmware: text(p.firmware),
    via: text(p.via) ?? '?',
    relayedBy: text(p.relayedBy),
    verified: p.verified === true,
    reportedAt: text(p.reportedAt) ?? '',
  };
}

export function summaryOf(device: FirestoreDocument | null): Summary | null {
  const raw = plainOf(device)?.control;
  if (raw === undefined) return null;
  const p = record(raw);
  return {
    desiredVersion: count(p.desiredVersion),
    appliedVersion: count(p.appliedVersion),
    pendingKeys: Array.isArray(p.pendingKeys) ? p.pendingKeys.map(String) : [],
    refusedKeys: texts(p.refusedKeys),
    lastSyncAt: text(p.lastSyncAt),
    syncedVia: text(p.syncedVia),
    pendingCommands: count(p.pendingCommands),
    reportIntervalSeconds:
      typeof p.reportIntervalSeconds === 'number' ? p.reportIntervalSeconds : null,
    watchUntil: text(p.watchUntil),
  };
}

export function commandOf(document: FirestoreDocument): Command {
  const p = plainOf(document) ?? {};
  return {
    id: document.name.split('/').at(-1) ?? '',
    command: text(p.command) ?? '?',
    params: record(p.params),
    status: text(p.status) ?? '?',
    createdBy: text(p.createdBy) ?? '?',
    createdAt: text(p.createdAt) ?? '',
    expiresAt: text(p.expiresAt) ?? '',
    finishedAt: text(p.finishedAt),
    result: p.result === null || p.result === undefined ? null : record(p.result),
  };
}

export type SettingState = 'pending' | 'applied' | 'refused' | 'gadget' | 'differs' | 'unset';

export const STATE_LABELS: Record<SettingState, string> = {
  pending: 'pending',
  applied: 'applied',
  refused: 'refused',
  gadget: 'changed on the gadget',
  differs: 'differs',
  unset: 'never set (model default)',
};

export interface SettingRow {
  readonly name: string;
  readonly desired: unknown;
  readonly key: DesiredKey | undefined;
  readonly reported: unknown;
  readonly state: SettingState;
  readonly reason: string | undefined;
}

/**
 * One row per setting either side knows: pending while the gadget has not applied the version
 * that last changed it, refused when it said so, changed on the gadget when that version came from
 * the gadget's own buttons, applied when the reported value is the desired one.
 */
export function settingRows(
  desired: Desired | null,
  reported: Reported | null,
  summary: Summary | null,
): SettingRow[] {
  const names = new Set([
    ...Object.keys(desired?.values ?? {}),
    ...Object.keys(reported?.values ?? {}),
    ...Object.keys(reported?.refused ?? {}),
  ]);
  const applied = reported?.appliedDesiredVersion ?? 0;
  return [...names].sort().map((name) => {
    const key = desired?.keys[name];
    const wanted = desired?.values[name];
    const actual = reported?.values[name];
    const reason = reported?.refused[name] ?? summary?.refusedKeys[name];
    const state: SettingState =
      wanted === undefined
        ? 'unset'
        : (key?.version ?? desired?.version ?? 0) > applied
          ? 'pending'
          : reason !== undefined
            ? 'refused'
            : key?.via === 'gadget'
              ? 'gadget'
              : actual === wanted
                ? 'applied'
                : 'differs';
    return { name, desired: wanted, key, reported: actual, state, reason };
  });
}

/** Unfinished commands oldest first (the order the gadget gets them), then the recent others. */
export function commandRows(unfinished: readonly Command[], recent: readonly Command[]): Command[] {
  const open = [...unfinished].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const ids = new Set(open.map((c) => c.id));
  return [...open, ...recent.filter((c) => !ids.has(c.id))];
}

export const isUnfinished = (status: string) =>
  (UNFINISHED_STATUSES as readonly string[]).includes(status);

export const SYNC_LABELS: Record<string, string> = { wifi: 'over Wi-Fi', relay: 'relayed' };
