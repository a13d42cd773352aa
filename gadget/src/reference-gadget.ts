import { FirmwareVersionSchema } from '@gadget/shared';
import type { Downstream } from '@gadget/shared';
import { BleTransport } from './ble-transport.ts';
import { GadgetClock } from './clock.ts';
import { CommandRunner } from './commands.ts';
import type { EmitEvent } from './events.ts';
import { FaultInjector } from './faults.ts';
import { DEFAULT_FIRMWARE } from './firmware.ts';
import { runLoop } from './loop.ts';
import type { GadgetOptions } from './options.ts';
import { forkRandom } from './random.ts';
import { ReadingsBuffer } from './readings.ts';
import { Sensors } from './sensors.ts';
import { SettingsState } from './settings-state.ts';
import type { GadgetStatus } from './status.ts';
import type { Transport } from './transport.ts';
import { WifiTransport } from './wifi-transport.ts';
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
   * The firmware it runs, which every call and every check reads from here: the seam where a
   * firmware update (a later issue) will install a new version.
   */
  readonly #firmware: string;
  #nextPollSeconds: number | null = null;
  #boots = 1;
  /** Exchanges run one at a time: each builds its body from what the previous one left. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: GadgetOptions) {
    const { identity } = options;
    const random = options.random ?? Math.random;
    const onEvent = options.onEvent;
    this.#emit = (event) => {
      onEvent?.(event);
    };
    this.#firmware = FirmwareVersionSchema.parse(options.firmware ?? DEFAULT_FIRMWARE);
    this.#clock = new GadgetClock(options.speed, options.faults?.clockSkewMs);
    this.#sensors = new Sensors(identity.model, forkRandom(random));
    this.#readings = new ReadingsBuffer(identity.serial);
    this.#settings = new SettingsState(identity.model, () => this.#firmware);
    this.#commands = new CommandRunner(
      identity.model,
      () => this.#firmware,
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
    this.#transport = transportOf(options, {
      faults: new FaultInjector(options.faults ?? {}, random),
      retry: { clock: this.#clock, random },
      emit: this.#emit,
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

  get status(): GadgetStatus {
    return {
      firmware: this.#firmware,
      ...this.#settings.status,
      ...this.#readings.status,
      commandsRun: this.#commands.runs,
      pendingAcks: this.#commands.pendingAcks,
      nextPollSeconds: this.#nextPollSeconds,
      boots: this.#boots,
    };
  }

  async #exchange(signal?: AbortSignal): Promise<void> {
    const readings = this.#readings.next();
    const sync = this.#settings.sync();
    const acks = this.#commands.acksToSend(ACKS_PER_CALL);
    const outcome = await this.#transport.exchange(
      { readings, sync, acks, firmware: this.#firmware },
      signal,
    );
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

  /** What is still to be sent: buffered readings, answers, and changes the backend lacks. */
  #unsent(): number {
    const { changed, refused } = this.#settings.sync();
    return (
      this.#readings.size +
      this.#commands.pendingAcks +
      Object.keys(changed ?? {}).length +
      (refused === undefined ? 0 : 1)
    );
  }

  #serialized<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(work);
    this.#queue = result.catch(() => undefined);
    return result;
  }
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
