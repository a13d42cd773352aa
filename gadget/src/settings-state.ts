import { firmwareSupports, settingsOf, valueSchemaOf } from '@gadget/shared';
import type { DesiredDelta, DeviceModelId, GadgetSync, SettingValue } from '@gadget/shared';

/** A model without a report interval setting posts at the cost budget's 15 minutes. */
const FALLBACK_REPORT_INTERVAL_SECONDS = 900;
/** `sync.refused`'s reasons are at most 200 characters. */
const REASON_MAX_LENGTH = 200;

/**
 * The settings the gadget runs and the two versions it remembers: the newest desired version it
 * received (`known`) and the newest it applied. It starts on its model's defaults at version 0.
 */
export class SettingsState {
  readonly #model: DeviceModelId;
  readonly #firmware: () => string;
  readonly #values: Record<string, SettingValue>;
  #known = 0;
  #applied = 0;
  /** The settings of the applied version the gadget could not apply, with its reasons. */
  #refused: Record<string, string> = {};
  /** The refused list the backend has, as far as the gadget knows: it starts empty. */
  #refusedDelivered: Record<string, string> = {};
  /** Settings changed on the gadget that no successful call has carried yet. */
  readonly #changed = new Map<string, SettingValue>();

  constructor(model: DeviceModelId, firmware: () => string) {
    this.#model = model;
    this.#firmware = firmware;
    this.#values = Object.fromEntries(
      Object.entries(settingsOf(model)).map(([key, spec]) => [key, spec.default]),
    );
  }

  /** How often the gadget posts, from its settings (the backend's `nextPollSeconds` wins). */
  get reportIntervalSeconds(): number {
    const value = this.#values.reportIntervalSeconds;
    return typeof value === 'number' ? value : FALLBACK_REPORT_INTERVAL_SECONDS;
  }

  /**
   * `sync` for the next call: the two versions always; local changes until a call carrying them
   * succeeds; the refused list only when it differs from the one the backend has (the list
   * replaces the last one sent, and left out, the last one stands).
   */
  sync(): GadgetSync {
    return {
      knownDesiredVersion: this.#known,
      appliedDesiredVersion: this.#applied,
      ...(this.#changed.size > 0 ? { changed: Object.fromEntries(this.#changed) } : {}),
      ...(sameEntries(this.#refused, this.#refusedDelivered)
        ? {}
        : { refused: { ...this.#refused } }),
    };
  }

  /** A call carrying `sent` succeeded: its changes and refused list are the backend's now. */
  delivered(sent: GadgetSync): void {
    for (const [key, value] of Object.entries(sent.changed ?? {})) {
      // A change made again while the call was out stays until a call carries it.
      if (this.#changed.get(key) === value) this.#changed.delete(key);
    }
    if (sent.refused !== undefined) this.#refusedDelivered = { ...sent.refused };
  }

  /**
   * The backend refused these local changes (it never should: they were checked against the same
   * model). They are dropped, or the gadget would send them, and be refused, forever.
   */
  dropChanges(keys: readonly string[]): void {
    for (const key of keys) this.#changed.delete(key);
  }

  /**
   * Applies a desired version from an answer, unless it is not newer than the one applied (a
   * delayed or repeated answer): each valid value runs, the others are refused with a reason, and
   * the version counts as known and applied. Returns whether it applied it.
   */
  apply(desired: DesiredDelta): boolean {
    if (desired.version <= this.#applied) return false;
    const refused: Record<string, string> = {};
    for (const [key, value] of Object.entries(desired.values)) {
      const problem = this.#problemWith(key, value);
      if (problem !== undefined) {
        refused[key] = problem;
        continue;
      }
      this.#values[key] = value;
      // A change made on the gadget while this call was out was made under the older version.
      // The gadget cannot tell which values of this version are newer than it, so it lets them
      // win: it then runs exactly the version it says it applied.
      this.#changed.delete(key);
    }
    this.#refused = refused;
    this.#known = Math.max(this.#known, desired.version);
    this.#applied = desired.version;
    return true;
  }

  /** A person changed a setting on the gadget: it runs at once and goes up in `sync.changed`. */
  changeLocally(key: string, value: SettingValue): void {
    const problem = this.#problemWith(key, value);
    if (problem !== undefined) throw new RangeError(`${key}: ${problem}`);
    this.#values[key] = value;
    this.#changed.set(key, value);
  }

  get values(): Record<string, SettingValue> {
    return { ...this.#values };
  }

  get status() {
    return {
      knownDesiredVersion: this.#known,
      appliedDesiredVersion: this.#applied,
      settings: { ...this.#values },
      refusedSettings: { ...this.#refused },
      unsentChanges: Object.fromEntries(this.#changed),
    };
  }

  /** Why this gadget cannot run `value` for `key` (its model, its firmware), or undefined. */
  #problemWith(key: string, value: unknown): string | undefined {
    const specs = settingsOf(this.#model);
    const spec = Object.hasOwn(specs, key) ? specs[key] : undefined;
    if (spec === undefined) return `The ${this.#model} has no ${key} setting.`;
    if (!firmwareSupports(this.#firmware(), spec.minFirmware)) {
      return `Needs firmware ${spec.minFirmware}; this gadget runs ${this.#firmware()}.`;
    }
    const parsed = valueSchemaOf(spec).safeParse(value);
    return parsed.success
      ? undefined
      : parsed.error.issues
          .map((issue) => issue.message)
          .join('; ')
          .slice(0, REASON_MAX_LENGTH);
  }
}

function sameEntries(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => b[key] === a[key]);
}
