import { FirmwareOfferSchema } from '@gadget/shared';
import type { Downstream, FirmwareOffer } from '@gadget/shared';
import { BleTransport } from './ble-transport.ts';
import { GadgetClock } from './clock.ts';
import { CommandRunner } from './commands.ts';
import type { EmitEvent } from './events.ts';
import { FaultInjector } from './faults.ts';
import { DEFAULT_FIRMWARE, FirmwareSlots } from './firmware.ts';
import { DEFAULT_FIRMWARE_CHUNK_BYTES, downloadFirmware } from './firmware-download.ts';
import { runLoop } from './loop.ts';
import type { GadgetOptions } from './options.ts';
import { OtaAgent } from './ota.ts';
import type { FirmwareDownloader } from './ota.ts';
import type { GadgetCall } from './protocol.ts';
import { forkRandom } from './random.ts';
import { ReadingsBuffer } from './readings.ts';
import { Sensors } from './sensors.ts';
import { SettingsState } from './settings-state.ts';
import { publicKeyOf } from './signing.ts';
import type { GadgetStatus, OtaStatus } from './status.ts';
import type { Transport } from './transport.ts';
import { WifiTransport, deviceAuthorization } from './wifi-transport.ts';
import type { WifiTransportOptions } from './wifi-transport.ts';

/** Answers per call: `CommandAcksSchema`'s limit. */
const ACKS_PER_CALL = 20;

/**
 * A gadget's side of the protocol, written once: it samples its sensors into a send buffer, and in
 * each exchange sends readings, its settings sync and its command answers, then applies what the
 * backend answers. See README.md for the rules it follows.
 */
export class ReferenceGadget {
  readonly #clock: GadgetClock;
  readonly #emit: EmitEvent;
  readonly #sensors: Sensors;
  readonly #readings: ReadingsBuffer;
  readonly #settings: SettingsState;
  readonly #commands: CommandRunner;
  readonly #transport: Transport;
  /**
   * The firmware it runs, which every call and every check reads from here; an update changes it
   * there and nowhere else.
   */
  readonly #firmware: FirmwareSlots;
  readonly #ota: OtaAgent;
  #nextPollSeconds: number | null = null;
  #boots = 1;
  /** Exchanges run one at a time: each builds its body from what the previous one left. */
  #queue: Promise<unknown> = Promise.resolve();
  /** News (an update's step, a restart) that came while no wait could be cut short. */
  #woken = false;
  /** The loop's waits for the next call, cut short by news. */
  readonly #sleepers = new Set<() => void>();

  constructor(options: GadgetOptions) {
    const { identity } = options;
    const random = options.random ?? Math.random;
    const onEvent = options.onEvent;
    this.#emit = (event) => {
      onEvent?.(event);
    };
    this.#firmware = new FirmwareSlots(
      options.firmware ?? DEFAULT_FIRMWARE,
      options.antiRollback ?? 0,
    );
    const publicKey =
      options.firmwarePublicKey === undefined
        ? null
        : publicKeyOf(options.firmwarePublicKey, 'firmware public key');
    this.#clock = new GadgetClock(options.speed, options.faults?.clockSkewMs);
    this.#sensors = new Sensors(identity.model, forkRandom(random));
    this.#readings = new ReadingsBuffer(identity.serial);
    this.#settings = new SettingsState(identity.model, () => this.#firmware.version);
    this.#commands = new CommandRunner(
      identity.model,
      () => this.#firmware.version,
      {
        // No light to blink here; the answer says it blinked, as the hardware's would.
        blink: () => undefined,
        reboot: () => {
          this.#boots += 1;
        },
        calibrate: (metric) => this.#sensors.calibrate(metric),
      },
      ({ commandId, command, status }) => {
        this.#emit({ type: 'command-finished', commandId, command, status });
      },
    );
    const shared = {
      faults: new FaultInjector(options.faults ?? {}, random),
      retry: { clock: this.#clock, random },
      emit: this.#emit,
    };
    this.#transport = transportOf(options, shared);
    this.#ota = new OtaAgent({
      model: identity.model,
      firmware: this.#firmware,
      publicKey,
      faults: shared.faults,
      emit: this.#emit,
      download: downloaderOf(options, shared),
      onNews: () => {
        this.#wake();
      },
      onRestart: () => {
        this.#boots += 1;
      },
    });
  }

  /** Takes one sample of every metric of its model into the send buffer. */
  sample(): void {
    this.#readings.add(this.#clock.now(), this.#sensors.sample());
  }

  /**
   * One exchange: buffered readings (at most a submission's worth), sync and answers up; applies
   * the answer. Retries inside (see the transports); returns when it succeeded or gave up, in which
   * case the readings stay buffered and everything goes again next time.
   */
  async syncOnce(): Promise<void> {
    await this.#serialized(() => this.#exchange());
  }

  /** Samples every 60 s and calls at the backend's `nextPollSeconds` (gadget time) until aborted. */
  async run(signal: AbortSignal): Promise<void> {
    await runLoop(
      {
        sample: () => {
          this.sample();
        },
        call: () => this.#serialized(() => this.#exchange(signal)),
        nextCallSeconds: () => this.#nextPollSeconds ?? this.#settings.reportIntervalSeconds,
        woken: (waiting) => this.#untilWoken(waiting),
      },
      this.#clock,
      signal,
    );
  }

  /**
   * Sends whatever is buffered, the answers and changes not yet sent, in as many exchanges as it
   * takes, so a fleet can stop cleanly; stops when an exchange leaves no less to send.
   */
  async flush(): Promise<void> {
    await this.#serialized(async () => {
      let unsent = this.#unsent();
      while (unsent > 0) {
        await this.#exchange();
        const left = this.#unsent();
        if (left >= unsent) return;
        unsent = left;
      }
    });
  }

  /** A person changed a setting on the gadget itself: checked against its model and firmware. */
  changeSettingLocally(key: string, value: string | number): void {
    this.#settings.changeLocally(key, value);
    this.#emit({ type: 'setting-changed-locally', key, value });
  }

  /**
   * A BLE gadget's firmware update, carried by a member's phone: the `offer` its app got from
   * `getFirmwareOffer` and the `image` it downloaded with it. The gadget checks both as it would
   * its own download (signature, anti-rollback, applicability, size, SHA-256); its next reports
   * carry the steps (`downloaded`, `installing`, then the new `firmware`) or `failed`. Handing the
   * same update again changes nothing. Returns where the update is.
   */
  async receiveFirmware(offer: FirmwareOffer, image: Uint8Array): Promise<OtaStatus> {
    if (!(this.#transport instanceof BleTransport)) {
      throw new TypeError('A Wi-Fi gadget downloads its updates itself');
    }
    const parsed = FirmwareOfferSchema.parse(offer);
    return this.#serialized(() => {
      this.#ota.received(parsed, image);
      return Promise.resolve(this.#ota.status);
    });
  }

  /** Resolves when no firmware download runs in the background (tests, a fleet stopping). */
  async firmwareSettled(): Promise<void> {
    await this.#ota.settled();
  }

  get status(): GadgetStatus {
    return {
      firmware: this.#firmware.version,
      fallbackFirmware: this.#firmware.fallback,
      antiRollback: this.#firmware.antiRollback,
      ota: this.#ota.status,
      ...this.#settings.status,
      ...this.#readings.status,
      commandsRun: this.#commands.runs,
      pendingAcks: this.#commands.pendingAcks,
      nextPollSeconds: this.#nextPollSeconds,
      boots: this.#boots,
    };
  }

  async #exchange(signal?: AbortSignal): Promise<void> {
    // This call carries whatever news there is.
    this.#woken = false;
    const readings = this.#readings.next();
    const sync = this.#settings.sync();
    const acks = this.#commands.acksToSend(ACKS_PER_CALL);
    const call: GadgetCall = {
      readings,
      sync,
      acks,
      firmware: this.#firmware.version,
      ota: this.#ota.report(),
    };
    const outcome = await this.#transport.exchange(call, signal);
    if (outcome.stored !== undefined) {
      this.#readings.acknowledge(readings);
      this.#emit({ type: 'readings', ...outcome.stored });
    }
    this.#readings.refuse(outcome.refusedReadingIds);
    this.#settings.dropChanges(outcome.refusedChanges);
    if (outcome.delivered) {
      this.#settings.delivered(sync);
      this.#commands.delivered(acks);
    }
    if (outcome.downstream !== undefined) this.#apply(outcome.downstream);
    if (outcome.nextPollSeconds !== undefined) this.#nextPollSeconds = outcome.nextPollSeconds;
    // Last, since the update may restart the gadget: what came with this answer ran before.
    if (outcome.delivered) this.#ota.delivered(call);
    else if (outcome.refused === true) this.#ota.refused(call);
    if (outcome.firmwareOffer !== undefined) this.#ota.offered(outcome.firmwareOffer, signal);
  }

  /** News for the backend: the loop calls now rather than at the next poll. */
  #wake(): void {
    if (this.#sleepers.size === 0) {
      this.#woken = true;
      return;
    }
    for (const wake of [...this.#sleepers]) wake();
  }

  /** Resolves on news (at once for news no call carried yet), or when `signal` ends the wait. */
  #untilWoken(signal: AbortSignal): Promise<void> {
    if (this.#woken) {
      this.#woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const wake = () => {
        this.#sleepers.delete(wake);
        signal.removeEventListener('abort', wake);
        resolve();
      };
      this.#sleepers.add(wake);
      signal.addEventListener('abort', wake, { once: true });
    });
  }

  /** Applies an answer: a newer desired version, then the commands listed. */
  #apply({ desired, commands }: Downstream): void {
    if (desired !== undefined && this.#settings.apply(desired)) {
      this.#emit({
        type: 'settings-applied',
        version: desired.version,
        values: this.#settings.values,
      });
    }
    this.#commands.handle(commands);
  }

  /**
   * What is still to be sent: buffered readings, answers, changes the backend lacks, and how an
   * update ended (`failed`, `rolled-back`).
   */
  #unsent(): number {
    const { changed, refused } = this.#settings.sync();
    return (
      this.#readings.size +
      this.#commands.pendingAcks +
      Object.keys(changed ?? {}).length +
      (refused === undefined ? 0 : 1) +
      (this.#ota.report()?.error === undefined ? 0 : 1)
    );
  }

  #serialized<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(work);
    this.#queue = result.catch(() => undefined);
    return result;
  }
}

/**
 * How a Wi-Fi gadget fetches an offered image: by ranges, with the header it calls `ingest` with.
 * Null over BLE: the phone brings the image (`receiveFirmware`).
 */
function downloaderOf(
  { identity, transport, fetch: fetchWith, firmwareChunkBytes }: GadgetOptions,
  shared: Pick<WifiTransportOptions, 'faults' | 'retry' | 'emit'>,
): FirmwareDownloader | null {
  const chunkBytes = firmwareChunkBytes ?? DEFAULT_FIRMWARE_CHUNK_BYTES;
  if (!Number.isSafeInteger(chunkBytes) || chunkBytes <= 0) {
    throw new RangeError(
      `firmwareChunkBytes must be a positive integer, not ${String(chunkBytes)}`,
    );
  }
  if (transport.kind === 'ble' || identity.deviceKey === null) return null;
  const authorization = deviceAuthorization(identity.deviceId, identity.deviceKey);
  return (held, offer, signal) =>
    downloadFirmware(
      held,
      { url: offer.url, authorization, chunkBytes, fetch: fetchWith ?? fetch, ...shared },
      signal,
    );
}

/** The way the gadget reaches the backend: `ingest` itself, or a member's phone. */
function transportOf(
  { identity, transport, fetch: fetchWith }: GadgetOptions,
  shared: Pick<WifiTransportOptions, 'faults' | 'retry' | 'emit'>,
): Transport {
  if (transport.kind === 'ble') {
    return new BleTransport({ phone: transport.phone, privateKey: identity.privateKey, ...shared });
  }
  if (identity.deviceKey === null) {
    throw new TypeError(`A Wi-Fi gadget needs its device key (${identity.serial} has none)`);
  }
  return new WifiTransport({
    ingestUrl: transport.ingestUrl,
    deviceId: identity.deviceId,
    deviceKey: identity.deviceKey,
    fetch: fetchWith ?? fetch,
    ...shared,
  });
}
