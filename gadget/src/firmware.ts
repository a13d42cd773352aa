import { FirmwareVersionSchema } from '@gadget/shared';

/** The firmware a reference gadget runs unless told otherwise: it knows every setting and command. */
export const DEFAULT_FIRMWARE = '1.2.0';

/**
 * The seam for firmware: the gadget reads the version it runs from here on every call and every
 * check (shared's `firmwareSupports`), and an update changes it here and nowhere else.
 *
 * Two slots, as on the hardware: the one it runs, and the other one an update is written to. An
 * update restarts into the other slot on trial (`testBoot`), keeping the old one to fall back to,
 * until the backend has heard from the new one (`confirm`); or the bootloader goes back (`revert`).
 * The anti-rollback counter (in fuses or write-once flash on real hardware) only ever rises, and
 * only once a version is confirmed: a gadget refuses a release whose counter is below its own.
 */
export class FirmwareSlots {
  #running: string;
  #fallback: string | null = null;
  #antiRollback: number;
  /** The counter of the release on trial, adopted when it is confirmed. */
  #trialAntiRollback = 0;

  constructor(version: string, antiRollback: number) {
    if (!Number.isSafeInteger(antiRollback) || antiRollback < 0) {
      throw new RangeError(
        `antiRollback must be a non-negative integer, not ${String(antiRollback)}`,
      );
    }
    this.#running = FirmwareVersionSchema.parse(version);
    this.#antiRollback = antiRollback;
  }

  /** The version it runs: what every call reports and every check compares with. */
  get version(): string {
    return this.#running;
  }

  /** The version it falls back to while a new one is on trial; null otherwise. */
  get fallback(): string | null {
    return this.#fallback;
  }

  /** Its own anti-rollback counter. */
  get antiRollback(): number {
    return this.#antiRollback;
  }

  /** Restarts into `version` (just written to the other slot), keeping the running one as fallback. */
  testBoot(version: string, antiRollback: number): void {
    this.#fallback = this.#running;
    this.#running = version;
    this.#trialAntiRollback = antiRollback;
  }

  /** The backend heard from the version on trial: keep it, drop the fallback, raise the counter. */
  confirm(): void {
    if (this.#fallback === null) return;
    this.#fallback = null;
    this.#antiRollback = Math.max(this.#antiRollback, this.#trialAntiRollback);
  }

  /** Restarts into the fallback: the version on trial is given up. */
  revert(): void {
    if (this.#fallback === null) return;
    this.#running = this.#fallback;
    this.#fallback = null;
  }
}
