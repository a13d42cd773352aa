// What the Firmware page shows, from the documents firmware updates live in. This mirrors
// shared/src/schemas/firmware-updates.ts and shared/src/paths.ts (`models/{model}`, its
// `releases/{version}`, `rollouts/{id}` and each device's `ota/current`); the console only
// reads them, so a field of another shape shows as absent, never as a failure. The one write, a
// rollout's pause, resume or abort, is built here too, so a test can check it field by field.
import type { FirestoreDocument } from '../firestore/rest.ts';
import { fromPlain, toPlain } from '../firestore/values.ts';
import type { FirestoreValue } from '../firestore/values.ts';

/** `ota/current.state`, in the order an update goes through them (OtaStateSchema). */
export const OTA_STATES = [
  'awaiting-approval',
  'offered',
  'downloading',
  'downloaded',
  'installing',
  'succeeded',
  'failed',
  'rolled-back',
  'withdrawn',
] as const;
/** The states in which the gadget has started: an attempt, for the gates (ATTEMPTED_OTA_STATES). */
const ATTEMPTED: readonly string[] = OTA_STATES.slice(2, 8);
/** The attempts that count against the failure gate (FAILED_OTA_STATES). */
const FAILED: readonly string[] = ['failed', 'rolled-back'];

export interface ReleaseImage {
  readonly size: number | null;
  readonly sha256: string;
}
export interface Release extends ReleaseImage {
  readonly model: string;
  readonly version: string;
  readonly minFromVersion: string | null;
  readonly antiRollback: number | null;
  readonly delta: (ReleaseImage & { readonly fromVersion: string }) | null;
  readonly releasedAt: string | null;
  readonly revokedAt: string | null;
}
export interface Model {
  readonly id: string;
  readonly latestFirmware: string | null;
  /** `models/{model}.rollout`, the summary ingest offers updates from. */
  readonly rollout: {
    readonly id: string;
    readonly state: string;
    readonly percent: number;
  } | null;
}
export interface Gates {
  readonly maxFailurePercent: number;
  readonly minAttempts: number;
  readonly maxSilentPercent: number;
  readonly silentHours: number;
  readonly soakHours: number;
}
export interface EvaluatorCounts {
  readonly at: string;
  readonly offered: number;
  readonly attempts: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly silent: number;
}
export type RolloutState = 'active' | 'paused' | 'aborted';
export interface Rollout {
  readonly id: string;
  readonly model: string;
  readonly version: string;
  readonly stages: readonly number[];
  readonly stageIndex: number;
  readonly stageStartedAt: string | null;
  /** As written; an unknown state offers no action. */
  readonly state: string;
  readonly gates: Gates | null;
  readonly reason: string | null;
  readonly stoppedBy: string | null;
  readonly counts: EvaluatorCounts | null;
  readonly createdAt: string | null;
  readonly updatedAt: string | null;
  /** The document's update time, the precondition of the console's write. */
  readonly updateTime: string | undefined;
}
export interface Ota {
  readonly deviceId: string;
  readonly state: string;
  readonly version: string;
  readonly fromVersion: string | null;
  readonly rolloutId: string;
  readonly model: string;
  readonly progress: number | null;
  readonly error: string | null;
  readonly failedVersions: readonly string[];
  readonly lease: { readonly uid: string; readonly expiresAt: string } | null;
  readonly via: string | null;
  readonly stateChangedAt: string | null;
}

type Plain = Record<string, unknown>;

function plainOf(document: FirestoreDocument): Plain {
  return toPlain({ mapValue: { fields: document.fields ?? {} } }) as Plain;
}
const record = (value: unknown): Plain | null =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Plain) : null;
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const number = (value: unknown): number | null => (typeof value === 'number' ? value : null);
const segmentsOf = (document: FirestoreDocument): string[] => {
  const at = document.name.indexOf('/documents/');
  return document.name.slice(at + '/documents/'.length).split('/');
};

function imageOf(p: Plain): ReleaseImage {
  return { size: number(p.size), sha256: text(p.sha256) ?? '' };
}

/** A release, or null for a `releases` document elsewhere than under `models/{model}`. */
export function releaseOf(document: FirestoreDocument): Release | null {
  const [root, model, sub, version, ...rest] = segmentsOf(document);
  if (root !== 'models' || sub !== 'releases' || model === undefined || version === undefined)
    return null;
  if (rest.length > 0) return null;
  const p = plainOf(document);
  const delta = record(p.delta);
  const fromVersion = text(delta?.fromVersion);
  return {
    model,
    version,
    ...imageOf(p),
    minFromVersion: text(p.minFromVersion),
    antiRollback: number(p.antiRollback),
    delta: delta === null || fromVersion === null ? null : { ...imageOf(delta), fromVersion },
    releasedAt: text(p.releasedAt),
    revokedAt: text(p.revokedAt),
  };
}

export function modelOf(document: FirestoreDocument): Model {
  const p = plainOf(document);
  const rollout = record(p.rollout);
  const id = text(rollout?.id);
  return {
    id: segmentsOf(document)[1] ?? '',
    latestFirmware: text(p.latestFirmware),
    rollout:
      rollout === null || id === null
        ? null
        : { id, state: text(rollout.state) ?? '?', percent: number(rollout.percent) ?? 0 },
  };
}

export function rolloutOf(document: FirestoreDocument): Rollout {
  const p = plainOf(document);
  const g = record(p.gates);
  const c = record(p.counts);
  const gates =
    g === null
      ? null
      : {
          maxFailurePercent: number(g.maxFailurePercent) ?? 100,
          minAttempts: number(g.minAttempts) ?? 1,
          maxSilentPercent: number(g.maxSilentPercent) ?? 100,
          silentHours: number(g.silentHours) ?? 0,
          soakHours: number(g.soakHours) ?? 0,
        };
  const counts =
    c === null
      ? null
      : {
          at: text(c.at) ?? '',
          offered: number(c.offered) ?? 0,
          attempts: number(c.attempts) ?? 0,
          succeeded: number(c.succeeded) ?? 0,
          failed: number(c.failed) ?? 0,
          silent: number(c.silent) ?? 0,
        };
  return {
    id: segmentsOf(document).at(-1) ?? '',
    model: text(p.model) ?? '?',
    version: text(p.version) ?? '?',
    stages: Array.isArray(p.stages) ? p.stages.filter((s) => typeof s === 'number') : [],
    stageIndex: number(p.stageIndex) ?? 0,
    stageStartedAt: text(p.stageStartedAt),
    state: text(p.state) ?? '?',
    gates,
    reason: text(p.reason),
    stoppedBy: text(p.stoppedBy),
    counts,
    createdAt: text(p.createdAt),
    updatedAt: text(p.updatedAt),
    updateTime: document.updateTime,
  };
}

/** A gadget's update, or null for an `ota` document elsewhere than `devices/{id}/ota/current`. */
export function otaOf(document: FirestoreDocument): Ota | null {
  const [root, deviceId, sub, doc, ...rest] = segmentsOf(document);
  if (root !== 'devices' || sub !== 'ota' || doc !== 'current' || deviceId === undefined)
    return null;
  if (rest.length > 0) return null;
  const p = plainOf(document);
  const lease = record(p.lease);
  const uid = text(lease?.uid);
  return {
    deviceId,
    state: text(p.state) ?? '?',
    version: text(p.version) ?? '?',
    fromVersion: text(p.fromVersion),
    rolloutId: text(p.rolloutId) ?? '',
    model: text(p.model) ?? '?',
    progress: number(p.progress),
    error: text(p.error),
    failedVersions: Array.isArray(p.failedVersions) ? p.failedVersions.map(String) : [],
    lease: uid === null ? null : { uid, expiresAt: text(lease?.expiresAt) ?? '' },
    via: text(p.via),
    stateChangedAt: text(p.stateChangedAt),
  };
}

/** Orders versions such as 1.10.0 after 1.9.2 (each part a number). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0 && !Number.isNaN(d)) return d;
  }
  return a.localeCompare(b);
}

export interface ModelReleases {
  readonly model: Model;
  /** Newest first. */
  readonly releases: readonly Release[];
}

/** Each model that has a document or a release, by id, its releases newest first. */
export function releasesByModel(
  models: readonly Model[],
  releases: readonly Release[],
): ModelReleases[] {
  const ids = new Set([...models.map((m) => m.id), ...releases.map((r) => r.model)]);
  return [...ids].sort().map((id) => ({
    model: models.find((m) => m.id === id) ?? { id, latestFirmware: null, rollout: null },
    releases: releases
      .filter((r) => r.model === id)
      .sort((a, b) => compareVersions(b.version, a.version)),
  }));
}

/** The stage a rollout is at, counted from 1, and the percent of the model's gadgets it offers. */
export function stageOf(rollout: Rollout): { number: number; of: number; percent: number | null } {
  return {
    number: rollout.stageIndex + 1,
    of: rollout.stages.length,
    percent: rollout.stages[rollout.stageIndex] ?? null,
  };
}

/** Per OTA state, how many of `otas` belong to the rollout; every known state is present. */
export function countByState(otas: readonly Ota[], rolloutId: string): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(OTA_STATES.map((s) => [s, 0]));
  for (const o of otas) if (o.rolloutId === rolloutId) counts[o.state] = (counts[o.state] ?? 0) + 1;
  return counts;
}

export interface GateInput {
  readonly attempts: number;
  readonly failed: number;
  /** Null where it was not counted (it needs each attempt's time in `installing`). */
  readonly silent: number | null;
}

/** Attempts and failures from counts per OTA state: what the failure gate needs. */
export function gateInputOf(byState: Readonly<Record<string, number>>): GateInput {
  const sum = (states: readonly string[]) => states.reduce((n, s) => n + (byState[s] ?? 0), 0);
  return { attempts: sum(ATTEMPTED), failed: sum(FAILED), silent: null };
}

export type GateState = 'waiting' | 'holding' | 'tripped' | 'unknown';
export interface GateCheck {
  readonly gate: 'failures' | 'silent';
  readonly state: GateState;
  /** Of the attempts, or null when there is nothing to divide. */
  readonly percent: number | null;
  readonly max: number;
  readonly text: string;
}

const percentText = (p: number) => `${String(Math.round(p * 10) / 10)}%`;

/**
 * The rollout's two gates as the evaluator judges them: failures (failed and rolled back) over
 * attempts, and gadgets gone silent after installing over attempts, both once at least
 * `minAttempts` gadgets attempted. A gate trips when its percent is above its maximum.
 */
export function gateStatus(gates: Gates, counts: GateInput): GateCheck[] {
  const { attempts, failed, silent } = counts;
  const attemptsText = `${String(attempts)} attempt${attempts === 1 ? '' : 's'}`;
  const failurePercent = attempts === 0 ? null : (failed / attempts) * 100;
  const failures: GateCheck =
    attempts < gates.minAttempts || failurePercent === null
      ? {
          gate: 'failures',
          state: 'waiting',
          percent: failurePercent,
          max: gates.maxFailurePercent,
          text: `waiting: ${String(attempts)} of ${String(gates.minAttempts)} attempts needed`,
        }
      : {
          gate: 'failures',
          state: failurePercent > gates.maxFailurePercent ? 'tripped' : 'holding',
          percent: failurePercent,
          max: gates.maxFailurePercent,
          text: `${percentText(failurePercent)} of ${attemptsText} failed (max ${percentText(gates.maxFailurePercent)})`,
        };
  const silentPercent = silent === null || attempts === 0 ? null : (silent / attempts) * 100;
  const quiet: GateCheck =
    silent === null
      ? {
          gate: 'silent',
          state: 'unknown',
          percent: null,
          max: gates.maxSilentPercent,
          text: 'not counted yet (the evaluator counts it)',
        }
      : silentPercent === null || attempts < gates.minAttempts
        ? {
            gate: 'silent',
            state: 'waiting',
            percent: silentPercent,
            max: gates.maxSilentPercent,
            text: `waiting: ${String(attempts)} of ${String(gates.minAttempts)} attempts needed`,
          }
        : {
            gate: 'silent',
            state: silentPercent > gates.maxSilentPercent ? 'tripped' : 'holding',
            percent: silentPercent,
            max: gates.maxSilentPercent,
            text: `${percentText(silentPercent)} of ${attemptsText} silent ${String(gates.silentHours)} h after installing (max ${percentText(gates.maxSilentPercent)})`,
          };
  return [failures, quiet];
}

export type RolloutAction = 'pause' | 'resume' | 'abort';

/** What an operator may do from each state: an aborted rollout is over. */
const TRANSITIONS: Record<RolloutState, readonly RolloutAction[]> = {
  active: ['pause', 'abort'],
  paused: ['resume', 'abort'],
  aborted: [],
};

export function actionsFor(state: string): readonly RolloutAction[] {
  return Object.hasOwn(TRANSITIONS, state) ? TRANSITIONS[state as RolloutState] : [];
}

export const ACTION_LABELS: Record<RolloutAction, string> = {
  pause: 'Pause',
  resume: 'Resume',
  abort: 'Abort',
};
export const ACTION_DONE: Record<RolloutAction, string> = {
  pause: 'Paused.',
  resume: 'Resumed.',
  abort: 'Aborted.',
};

/**
 * The fields an action writes on `rollouts/{id}` and the update mask naming them: the
 * backend's trigger does the rest (the model's summary, withdrawing offers). A resume restarts the
 * stage's soak time from now.
 */
export function transitionWrite(
  action: RolloutAction,
  now: Date,
): { fields: Record<string, FirestoreValue>; mask: string[] } {
  const at: FirestoreValue = { timestampValue: now.toISOString() };
  const plain: Record<string, string | null> =
    action === 'pause'
      ? { state: 'paused', stoppedBy: 'operator', reason: 'paused from the console' }
      : action === 'abort'
        ? { state: 'aborted', stoppedBy: 'operator', reason: 'aborted from the console' }
        : { state: 'active', stoppedBy: null, reason: null };
  const fields: Record<string, FirestoreValue> = {
    ...Object.fromEntries(Object.entries(plain).map(([k, v]) => [k, fromPlain(v)])),
    ...(action === 'resume' ? { stageStartedAt: at } : {}),
    updatedAt: at,
  };
  return { fields, mask: Object.keys(fields) };
}

/** Whose lease moves a BLE gadget's update, and whether it ran out at `now`. */
export function leaseHolder(
  lease: Ota['lease'],
  now: number,
): { uid: string; until: string; expired: boolean } | null {
  if (lease === null) return null;
  const until = Date.parse(lease.expiresAt);
  return { uid: lease.uid, until: lease.expiresAt, expired: !(until > now) };
}

export function formatBytes(size: number | null): string {
  if (size === null) return '—';
  if (size < 1024) return `${String(size)} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KiB`;
  return `${(size / 1024 / 1024).toFixed(2)} MiB`;
}

/** The first 12 hex digits: enough to tell images apart by eye; the full one is its title. */
export const shortSha = (sha256: string): string => (sha256 === '' ? '—' : sha256.slice(0, 12));

/** A timestamp to the second, as the REST API writes it. */
export function when(iso: string | null | undefined): string {
  return iso === null || iso === undefined || iso === '' ? '—' : iso.replace(/\.\d+Z$/, 'Z');
}
