import type { ReadingInput, SettingValue } from '@gadget/shared';
import type { CommandRun } from './commands.ts';

/**
 * Where a firmware update is on the gadget: `idle` before any offer; the steps `downloading`,
 * `downloaded` (verified), `installing` (written, restarting once the backend heard), `test-booted`
 * (running the new version on trial until a call succeeds); and how it ended: `succeeded`,
 * `failed` (refused before installing), `rolled-back` (back on the old version), or `withdrawn`
 * (the backend stopped offering it before the gadget installed it).
 */
export type OtaPhase =
  | 'idle'
  | 'downloading'
  | 'downloaded'
  | 'installing'
  | 'test-booted'
  | 'succeeded'
  | 'failed'
  | 'rolled-back'
  | 'withdrawn';

/** The gadget's latest firmware update, for a fleet display to count states. */
export interface OtaStatus {
  readonly state: OtaPhase;
  readonly rolloutId: string | null;
  /** The version offered. */
  readonly version: string | null;
  /** Percent of the image held: while downloading, 100 once it is all there, else null. */
  readonly progress: number | null;
  /** Bytes of the image held now (dropped once installed or given up). */
  readonly bytesHeld: number;
  /** Why it failed or rolled back. */
  readonly error: string | null;
  /** The backend has yet to hear of the current step (no successful call carried it). */
  readonly reportPending: boolean;
}

/** What the gadget knows about itself: for tests, the fleet's checks and a debugging person. */
export interface GadgetStatus {
  /** The version it runs (a new one on trial after an update restarted into it). */
  readonly firmware: string;
  /** The version it goes back to while a new one is on trial; null otherwise. */
  readonly fallbackFirmware: string | null;
  /** Its anti-rollback counter: it refuses releases below it. */
  readonly antiRollback: number;
  readonly ota: OtaStatus;
  /** The newest desired settings version it received. */
  readonly knownDesiredVersion: number;
  /** The newest desired settings version it applied. */
  readonly appliedDesiredVersion: number;
  /** The settings it runs. */
  readonly settings: Readonly<Record<string, SettingValue>>;
  /** Settings of the applied version it could not apply, with its reasons. */
  readonly refusedSettings: Readonly<Record<string, string>>;
  /** Settings changed on the gadget that no successful call has carried yet. */
  readonly unsentChanges: Readonly<Record<string, SettingValue>>;
  /** Every reading it made, in order. */
  readonly generatedIds: readonly string[];
  /** Readings the backend has (stored, or stored before). */
  readonly acknowledgedIds: readonly string[];
  /** Readings waiting to be sent, oldest first. */
  readonly bufferedIds: readonly string[];
  /** The same readings as they will be sent (a benchmark replays a gadget's body with them). */
  readonly bufferedReadings: readonly ReadingInput[];
  /** Readings the backend refused by id (a 422 naming them), dropped. */
  readonly refusedIds: readonly string[];
  /** Every command it ran, in order, with its answer. */
  readonly commandsRun: readonly CommandRun[];
  /** Answers to commands no successful call has carried yet. */
  readonly pendingAcks: number;
  /** What the last answer over Wi-Fi said (null before one, and always over BLE). */
  readonly nextPollSeconds: number | null;
  /** Starts, counting the first: a `reboot` command adds one, an update's restarts one each. */
  readonly boots: number;
}
