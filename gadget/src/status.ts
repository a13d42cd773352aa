import type { ReadingInput, SettingValue } from '@gadget/shared';
import type { CommandRun } from './commands.ts';

/** What the gadget knows about itself: for tests, the fleet's checks and a debugging person. */
export interface GadgetStatus {
  readonly firmware: string;
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
  /** Starts, counting the first: a `reboot` command adds one. */
  readonly boots: number;
}
