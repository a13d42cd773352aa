import { compareVersions } from '@gadget/shared';
import type { OtaPhase } from '@gadget/reference-gadget';

/**
 * What the fleet counts while it runs, from the gadgets' events and the app's actions: the live
 * summary and the final report read it. Pure: the caller passes the time.
 */

export interface FleetSnapshot {
  readonly elapsedSeconds: number;
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number | null;
  readonly p99Ms: number | null;
  /** Refusals and faults by code (`429 resource-exhausted`, `fault`, …). */
  readonly refusals: Readonly<Record<string, number>>;
  readonly accepted: number;
  readonly duplicates: number;
  readonly settingsSet: number;
  /** Gadgets whose newest setting from the app is not applied yet. */
  readonly settingsPending: number;
  readonly localChanges: number;
  readonly commandsSent: number;
  readonly commandsFinished: Readonly<Record<string, number>>;
  /** Gadgets per firmware update state (`idle` left out), in the order an update goes. */
  readonly ota: Readonly<Partial<Record<OtaPhase, number>>>;
  /** Gadgets per firmware version they run, newest first. */
  readonly firmware: Readonly<Record<string, number>>;
  /** Firmware image bytes downloaded: Wi-Fi gadgets' ranges and the phones' whole images. */
  readonly firmwareBytes: number;
  /** Firmware download requests cut partway (resumed from the bytes that came). */
  readonly firmwareCuts: number;
  /** Updates the phone handed to a BLE gadget. */
  readonly firmwareCarried: number;
}

/** The states of an update, in the order it goes through them. */
export const OTA_STATES: readonly Exclude<OtaPhase, 'idle'>[] = [
  'downloading',
  'downloaded',
  'installing',
  'test-booted',
  'succeeded',
  'failed',
  'rolled-back',
  'withdrawn',
];

/** The window requests a second are counted over. */
const RATE_WINDOW_MS = 5_000;
/** Latencies kept for the percentiles: the newest, so a long run shows its current state. */
const LATENCY_SAMPLES = 10_000;

export class FleetStats {
  readonly #startedAt: number;
  #requests = 0;
  readonly #recent: number[] = [];
  readonly #latencies: number[] = [];
  readonly #refusals = new Map<string, number>();
  #accepted = 0;
  #duplicates = 0;
  #settingsSet = 0;
  #localChanges = 0;
  #commandsSent = 0;
  readonly #finished = new Map<string, number>();
  #ota: Partial<Record<OtaPhase, number>> = {};
  #firmware: Record<string, number> = {};
  #firmwareBytes = 0;
  #firmwareCuts = 0;
  #firmwareCarried = 0;
  /** Per gadget: the newest version the app set, and the newest the gadget applied. */
  readonly #versions = new Map<string, { set: number; applied: number }>();

  constructor(startedAt: number) {
    this.#startedAt = startedAt;
  }

  request(at: number, status: number, code: string | undefined, latencyMs: number): void {
    this.#requests++;
    this.#recent.push(at);
    this.#latencies.push(latencyMs);
    if (this.#latencies.length > LATENCY_SAMPLES) this.#latencies.shift();
    if (status !== 200) {
      const key = status === 0 ? 'fault' : `${String(status)} ${code ?? ''}`.trim();
      this.#refusals.set(key, (this.#refusals.get(key) ?? 0) + 1);
    }
  }

  /** A refusal outside the gadgets' requests (the app's calls), by its code. */
  refused(key: string): void {
    this.#refusals.set(key, (this.#refusals.get(key) ?? 0) + 1);
  }

  readings(accepted: number, duplicates: number): void {
    this.#accepted += accepted;
    this.#duplicates += duplicates;
  }

  settingSet(gadget: string, version: number): void {
    this.#settingsSet++;
    const versions = this.#versions.get(gadget) ?? { set: 0, applied: 0 };
    this.#versions.set(gadget, { ...versions, set: Math.max(versions.set, version) });
  }

  settingsApplied(gadget: string, version: number): void {
    const versions = this.#versions.get(gadget) ?? { set: 0, applied: 0 };
    this.#versions.set(gadget, { ...versions, applied: Math.max(versions.applied, version) });
  }

  localChange(): void {
    this.#localChanges++;
  }

  commandSent(): void {
    this.#commandsSent++;
  }

  commandFinished(status: string): void {
    this.#finished.set(status, (this.#finished.get(status) ?? 0) + 1);
  }

  /** Where every gadget's update is and what it runs, now (from the gadgets' status). */
  gadgets(
    gadgets: readonly { readonly firmware: string; readonly ota: { state: OtaPhase } }[],
  ): void {
    const ota: Partial<Record<OtaPhase, number>> = {};
    const firmware = new Map<string, number>();
    for (const gadget of gadgets) {
      firmware.set(gadget.firmware, (firmware.get(gadget.firmware) ?? 0) + 1);
      const { state } = gadget.ota;
      if (state !== 'idle') ota[state] = (ota[state] ?? 0) + 1;
    }
    this.#ota = Object.fromEntries(
      OTA_STATES.filter((state) => ota[state] !== undefined).map((state) => [state, ota[state]]),
    );
    this.#firmware = Object.fromEntries([...firmware].sort(([a], [b]) => compareVersions(b, a)));
  }

  /**
   * One firmware download request: the bytes it brought, and how it ended (`cut`, or the HTTP
   * status of a refusal, 0 with a code when no answer came).
   */
  firmwareDownload(status: number, code: string | undefined, bytes: number): void {
    this.#firmwareBytes += bytes;
    if (code === 'cut') this.#firmwareCuts++;
    else if (status !== 200 && status !== 206) {
      this.refused(`firmware ${status === 0 ? (code ?? 'fault') : String(status)}`);
    }
  }

  /** The phone downloaded an image of `bytes` and handed it to a BLE gadget. */
  firmwareCarried(bytes: number): void {
    this.#firmwareBytes += bytes;
    this.#firmwareCarried++;
  }

  snapshot(now: number): FleetSnapshot {
    while (this.#recent.length > 0 && (this.#recent[0] ?? now) < now - RATE_WINDOW_MS) {
      this.#recent.shift();
    }
    const elapsedMs = Math.max(1, now - this.#startedAt);
    const sorted = [...this.#latencies].sort((a, b) => a - b);
    return {
      elapsedSeconds: Math.round(elapsedMs / 1000),
      requests: this.#requests,
      requestsPerSecond: this.#recent.length / (Math.min(elapsedMs, RATE_WINDOW_MS) / 1000),
      p50Ms: percentile(sorted, 0.5),
      p99Ms: percentile(sorted, 0.99),
      refusals: Object.fromEntries(this.#refusals),
      accepted: this.#accepted,
      duplicates: this.#duplicates,
      settingsSet: this.#settingsSet,
      settingsPending: [...this.#versions.values()].filter((v) => v.set > v.applied).length,
      localChanges: this.#localChanges,
      commandsSent: this.#commandsSent,
      commandsFinished: Object.fromEntries(this.#finished),
      ota: this.#ota,
      firmware: this.#firmware,
      firmwareBytes: this.#firmwareBytes,
      firmwareCuts: this.#firmwareCuts,
      firmwareCarried: this.#firmwareCarried,
    };
  }
}

/** The nearest-rank percentile of sorted values, or null when there are none. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[rank] ?? null;
}
