import type { KeyObject } from 'node:crypto';
import type { DeviceModelId, FirmwareOffer, OtaReport } from '@gadget/shared';
import type { EmitEvent } from './events.ts';
import type { FaultInjector } from './faults.ts';
import type { DownloadResult, HeldImage } from './firmware-download.ts';
import type { FirmwareSlots } from './firmware.ts';
import { checkImage, checkOffer } from './firmware-verify.ts';
import type { FirmwareProblem } from './firmware-verify.ts';
import type { OtaPhase, OtaStatus } from './status.ts';

/** Fetches the rest of an offer's image into `held` (Wi-Fi); see `downloadFirmware`. */
export type FirmwareDownloader = (
  held: HeldImage,
  offer: FirmwareOffer,
  signal: AbortSignal,
) => Promise<DownloadResult>;

export interface OtaAgentOptions {
  readonly model: DeviceModelId;
  readonly firmware: FirmwareSlots;
  /** The release key the gadget was built with; null: it can verify (so install) nothing. */
  readonly publicKey: KeyObject | null;
  readonly faults: FaultInjector;
  readonly emit: EmitEvent;
  /** Wi-Fi: downloads the image itself. Null over BLE, where the phone carries it. */
  readonly download: FirmwareDownloader | null;
  /** The backend should hear soon: a step to report, or a restart (a gadget calls on boot). */
  readonly onNews: () => void;
  /** The gadget restarted: into the new version, or back to the old one. */
  readonly onRestart: () => void;
}

/** What a call carried, so that its success tells which step the backend heard. */
export interface SentCall {
  readonly firmware: string;
  readonly ota?: OtaReport | undefined;
}

/** Why a version on trial was given up when the backend would not hear from it. */
export const NOT_CONFIRMED = 'not-confirmed';
/** Why a version was given up that never came up. */
export const BOOT_FAILED = 'boot-failed';

interface Update {
  /** The latest answer's offer (its URL may change between answers; nothing else does). */
  offer: FirmwareOffer;
  readonly key: string;
  phase: Exclude<OtaPhase, 'idle'>;
  /** The image as far as it came; dropped once installed or given up. */
  held: HeldImage | null;
  /** The download running now, and how to stop it. */
  download: { readonly done: Promise<void>; readonly stop: AbortController } | null;
  error: string | null;
  /** A call carrying how it ended (`failed`, `rolled-back`) succeeded. */
  reported: boolean;
}

/** The steps during which a withdrawn offer is abandoned: nothing is installed yet. */
const ABANDONABLE: ReadonlySet<OtaPhase> = new Set(['downloading', 'downloaded', 'installing']);

/**
 * The gadget's firmware update, one at a time, as a firmware engineer would write it:
 *
 * 1. An offer comes (in an `ingest` answer over Wi-Fi; from the phone over BLE). Its manifest must
 *    be signed by the release key and applicable (anti-rollback, `minFromVersion`, `deltaFrom`),
 *    else it `failed` at once. The same offer again (every answer repeats it) changes nothing.
 * 2. `downloading`: the image is fetched by ranges in the background, resumed from the bytes held
 *    after a cut; calls report the percent. An answer without the offer withdraws it: the bytes
 *    are dropped and nothing more is said of it.
 * 3. `downloaded`: size and SHA-256 match the signed offer (else `failed`).
 * 4. Once a call carrying `downloaded` succeeded: `installing` (written to the spare slot).
 * 5. Once a call carrying `installing` succeeded, so that the backend can tell a gadget that never
 *    comes back: restart into the new version on trial, the old one kept as fallback
 *    (`test-booted`); or, if it fails to boot, back on the old one (`rolled-back`).
 * 6. The next call carries the new `firmware`. Its success confirms the version (`succeeded`: the
 *    fallback is dropped and the release's anti-rollback counter adopted); a refusal sends the
 *    gadget back to the fallback (`rolled-back`).
 *
 * Each step is reported on every call until one carrying it succeeds (the backend ignores
 * repeats); `failed` and `rolled-back` too, with the reason. An offer that ended so, or succeeded,
 * is never started again.
 */
export class OtaAgent {
  readonly #options: OtaAgentOptions;
  #update: Update | null = null;
  /** Offers that failed, rolled back or succeeded here. */
  readonly #ended = new Set<string>();

  constructor(options: OtaAgentOptions) {
    this.#options = options;
  }

  /** What the next call says of the update, if anything. */
  report(): OtaReport | undefined {
    const update = this.#update;
    if (update === null) return undefined;
    const { rolloutId, version } = update.offer;
    switch (update.phase) {
      case 'downloading':
        return { rolloutId, version, state: 'downloading', progress: percent(update.held) };
      case 'downloaded':
      case 'installing':
        return { rolloutId, version, state: update.phase };
      case 'failed':
      case 'rolled-back':
        return update.reported
          ? undefined
          : { rolloutId, version, state: update.phase, error: update.error ?? update.phase };
      // On trial the new `firmware` says it all; the rest is over.
      default:
        return undefined;
    }
  }

  /** A call carrying `sent` succeeded: the backend heard the step it reported. */
  delivered(sent: SentCall): void {
    const update = this.#update;
    if (update === null) return;
    const step =
      sent.ota?.rolloutId === update.offer.rolloutId && sent.ota.version === update.offer.version
        ? sent.ota.state
        : undefined;
    switch (update.phase) {
      case 'downloaded':
        if (step === 'downloaded') this.#install(update);
        return;
      case 'installing':
        if (step === 'installing') this.#restartInto(update);
        return;
      case 'test-booted':
        if (sent.firmware === update.offer.version) this.#confirm(update);
        return;
      case 'failed':
      case 'rolled-back':
        if (step === update.phase) update.reported = true;
        return;
      default:
        return;
    }
  }

  /** The backend refused a call carrying `sent` outright (not a failure worth retrying). */
  refused(sent: SentCall): void {
    const update = this.#update;
    if (update?.phase === 'test-booted' && sent.firmware === update.offer.version) {
      // The new version cannot get a call through: go back to the one that could.
      this.#options.firmware.revert();
      this.#options.onRestart();
      this.#end(update, 'rolled-back', NOT_CONFIRMED);
    }
  }

  /**
   * A delivered `ingest` answer's `firmware`: the offer, or null when it had none (an offer under
   * way is withdrawn). `signal` stops a download when the gadget stops.
   */
  offered(offer: FirmwareOffer | null, signal?: AbortSignal): void {
    const update = this.#update;
    if (offer === null) {
      if (update !== null && ABANDONABLE.has(update.phase)) this.#withdraw(update);
      return;
    }
    // On trial, nothing else happens until the new version is confirmed or given up.
    if (update?.phase === 'test-booted') return;
    const key = keyOf(offer);
    if (update !== null && update.key === key && ABANDONABLE.has(update.phase)) {
      // The same offer again: carry on. A download that stopped (a refusal, retries used up)
      // resumes from the bytes held, at the URL this answer gives.
      update.offer = offer;
      if (update.phase === 'downloading' && update.download === null) {
        this.#startDownload(update, signal);
      }
      return;
    }
    if (this.#options.download === null || !this.#wanted(offer, key)) return;
    const started = this.#begin(offer, key);
    if (started === undefined) return;
    started.held = { bytes: new Uint8Array(offer.size), received: 0 };
    this.#changed(started);
    this.#startDownload(started, signal);
  }

  /**
   * A BLE gadget's update, carried by the phone: the offer it got from `getFirmwareOffer` and the
   * image it downloaded. Checked as a download would be; the reports then carry the steps.
   */
  received(offer: FirmwareOffer, image: Uint8Array): void {
    const update = this.#update;
    if (update?.phase === 'test-booted') return;
    const key = keyOf(offer);
    // The phone handed the same update again: carry on.
    if (update !== null && update.key === key && ABANDONABLE.has(update.phase)) return;
    if (!this.#wanted(offer, key)) return;
    const started = this.#begin(offer, key);
    if (started === undefined) return;
    const problem = checkImage(image, offer);
    if (problem !== undefined) {
      this.#fail(started, problem);
      return;
    }
    started.held = { bytes: Uint8Array.from(image), received: image.length };
    this.#downloaded(started);
  }

  /** Resolves once no download is running (it finished, stopped, or was withdrawn). */
  async settled(): Promise<void> {
    let download = this.#update?.download ?? null;
    while (download !== null) {
      await download.done;
      download = this.#update?.download ?? null;
    }
  }

  get status(): OtaStatus {
    const update = this.#update;
    if (update === null) {
      return {
        state: 'idle',
        rolloutId: null,
        version: null,
        progress: null,
        bytesHeld: 0,
        error: null,
        reportPending: false,
      };
    }
    return {
      state: update.phase,
      rolloutId: update.offer.rolloutId,
      version: update.offer.version,
      progress: update.held === null ? null : percent(update.held),
      bytesHeld: update.held?.received ?? 0,
      error: update.error,
      reportPending: this.report() !== undefined || update.phase === 'test-booted',
    };
  }

  /**
   * Whether to start on `offer`: not one that ended here, not the version it runs, and not before
   * the backend heard how the last one ended (a phone may bring the next one that soon).
   */
  #wanted(offer: FirmwareOffer, key: string): boolean {
    if (this.#ended.has(key) || offer.version === this.#options.firmware.version) return false;
    if (this.#update !== null && this.report()?.error !== undefined) return false;
    // A different offer replaces one under way.
    if (this.#update !== null && ABANDONABLE.has(this.#update.phase)) {
      this.#withdraw(this.#update);
    }
    return true;
  }

  /** A new update from `offer`, or undefined when its manifest already says no (then `failed`). */
  #begin(offer: FirmwareOffer, key: string): Update | undefined {
    const update: Update = {
      offer,
      key,
      phase: 'downloading',
      held: null,
      download: null,
      error: null,
      reported: false,
    };
    this.#update = update;
    const { model, firmware, publicKey } = this.#options;
    const problem = checkOffer(offer, {
      model,
      version: firmware.version,
      antiRollback: firmware.antiRollback,
      publicKey,
    });
    if (problem === undefined) return update;
    this.#fail(update, problem);
    return undefined;
  }

  #startDownload(update: Update, signal: AbortSignal | undefined): void {
    const { download } = this.#options;
    const held = update.held;
    if (download === null || held === null) return;
    const stop = new AbortController();
    const done = download(
      held,
      update.offer,
      signal === undefined ? stop.signal : AbortSignal.any([stop.signal, signal]),
    ).then(
      (result) => {
        this.#downloadEnded(update, result);
      },
      () => {
        // A download reports its failures as results; this is a fault of the gadget's own.
        this.#downloadEnded(update, 'stopped');
      },
    );
    update.download = { done, stop };
  }

  #downloadEnded(update: Update, result: DownloadResult): void {
    // Withdrawn or replaced meanwhile: its bytes are gone already.
    if (this.#update !== update || update.phase !== 'downloading') return;
    update.download = null;
    // Stopped short: the next answer that still offers it resumes it.
    if (result === 'stopped' || update.held === null) return;
    if (result === 'size-mismatch') {
      this.#fail(update, 'size-mismatch');
      return;
    }
    const problem = checkImage(update.held.bytes, update.offer);
    if (problem === undefined) this.#downloaded(update);
    else this.#fail(update, problem);
  }

  #downloaded(update: Update): void {
    update.phase = 'downloaded';
    this.#changed(update);
    this.#options.onNews();
  }

  /** Writes the image to the spare slot (at once, here). */
  #install(update: Update): void {
    update.phase = 'installing';
    this.#changed(update);
    this.#options.onNews();
  }

  /** Restarts into the new version on trial; the bootloader goes back if it does not come up. */
  #restartInto(update: Update): void {
    const { firmware, faults, onRestart, onNews } = this.#options;
    update.held = null;
    onRestart();
    if (faults.failsToBoot(update.offer.version)) {
      // It never came up: the bootloader restarts into the old slot.
      onRestart();
      this.#end(update, 'rolled-back', BOOT_FAILED);
      return;
    }
    firmware.testBoot(update.offer.version, update.offer.antiRollback);
    update.phase = 'test-booted';
    this.#changed(update);
    onNews();
  }

  #confirm(update: Update): void {
    this.#options.firmware.confirm();
    update.phase = 'succeeded';
    this.#ended.add(update.key);
    this.#changed(update);
  }

  #fail(update: Update, problem: FirmwareProblem): void {
    this.#end(update, 'failed', problem);
  }

  #end(update: Update, phase: 'failed' | 'rolled-back', error: string): void {
    update.download?.stop.abort();
    update.download = null;
    update.held = null;
    update.phase = phase;
    update.error = error;
    update.reported = false;
    this.#ended.add(update.key);
    this.#changed(update);
    this.#options.onNews();
  }

  /** The offer no longer stands: stop, drop the bytes, say nothing more of it. */
  #withdraw(update: Update): void {
    update.download?.stop.abort();
    update.download = null;
    update.held = null;
    update.phase = 'withdrawn';
    this.#changed(update);
  }

  #changed({ phase, offer, error }: Update): void {
    this.#options.emit({
      type: 'ota',
      state: phase,
      rolloutId: offer.rolloutId,
      version: offer.version,
      ...(error === null ? {} : { error }),
    });
  }
}

/** One offer, whatever URL it comes with: the same release image in the same rollout. */
function keyOf({ rolloutId, version, sha256 }: FirmwareOffer): string {
  return `${rolloutId}/${version}/${sha256}`;
}

/** Percent of the image held, rounded down (100 only when all of it is there). */
function percent(held: HeldImage | null): number {
  if (held === null || held.bytes.length === 0) return 0;
  return Math.floor((held.received * 100) / held.bytes.length);
}
