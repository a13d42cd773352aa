import { commandParamsSchemaOf, commandsOf, firmwareSupports } from '@gadget/shared';
import type { CommandAck, CommandValues, DeviceModelId, PendingCommand } from '@gadget/shared';

/** What commands act on: the parts of the gadget a person would see them do. */
export interface GadgetHardware {
  /** Blinks the light for this many seconds. */
  blink(seconds: number): void;
  /** Restarts the gadget; returns once it is back. */
  reboot(): void;
  /** Recalibrates the sensor of `metric` against the room; returns the offset it applied. */
  calibrate(metric: string): number;
}

/** A command the gadget ran, and how it answered. */
export interface CommandRun {
  readonly commandId: string;
  readonly command: string;
  readonly status: CommandAck['status'];
  readonly result?: CommandValues;
}

type Params = Readonly<Record<string, string | number | undefined>>;
type Action = (params: Params, hardware: GadgetHardware) => CommandValues | undefined;

const IDENTIFY_DEFAULT_SECONDS = 10;
/** Every model's `calibrate` takes temperature; it is what a calibration without `metric` means. */
const CALIBRATE_DEFAULT_METRIC = 'temperature';
/** `result` values are at most 200 characters. */
const REASON_MAX_LENGTH = 200;

/** What this firmware does for each command it implements (the model's catalogue says which exist). */
const ACTIONS: Readonly<Record<string, Action>> = {
  identify: (params, hardware) => {
    const seconds =
      typeof params.durationSeconds === 'number'
        ? params.durationSeconds
        : IDENTIFY_DEFAULT_SECONDS;
    hardware.blink(seconds);
    return { blinked: seconds };
  },
  // The gadget answers after it is back, so the answer says the reboot happened.
  reboot: (_params, hardware) => {
    hardware.reboot();
    return undefined;
  },
  calibrate: (params, hardware) => {
    const metric = typeof params.metric === 'string' ? params.metric : CALIBRATE_DEFAULT_METRIC;
    return { metric, offset: hardware.calibrate(metric) };
  },
};

/**
 * Runs the commands the backend lists, each `commandId` once, and keeps their answers (acks) until
 * a call carrying them succeeds. The backend lists a command on every call until it is answered,
 * so a lost response loses nothing; the gadget remembers a finished command until the backend
 * stops listing it, so a command listed again is never run again (its answer is sent again, which
 * changes nothing).
 */
export class CommandRunner {
  readonly #model: DeviceModelId;
  readonly #firmware: () => string;
  readonly #hardware: GadgetHardware;
  readonly #onFinished: (run: CommandRun) => void;
  /** Finished commands by id, with their answer and whether a successful call carried it. */
  readonly #finished = new Map<string, { ack: CommandAck; delivered: boolean }>();
  readonly #runs: CommandRun[] = [];

  constructor(
    model: DeviceModelId,
    firmware: () => string,
    hardware: GadgetHardware,
    onFinished: (run: CommandRun) => void,
  ) {
    this.#model = model;
    this.#firmware = firmware;
    this.#hardware = hardware;
    this.#onFinished = onFinished;
  }

  /** The unfinished commands an answer lists, oldest first. */
  handle(listed: readonly PendingCommand[]): void {
    const stillListed = new Set(listed.map((command) => command.commandId));
    for (const [commandId, finished] of this.#finished) {
      if (finished.delivered && !stillListed.has(commandId)) this.#finished.delete(commandId);
    }
    for (const command of listed) {
      const finished = this.#finished.get(command.commandId);
      if (finished === undefined) {
        this.#finished.set(command.commandId, { ack: this.#run(command), delivered: false });
      } else {
        // Listed after its answer went up (or before it did): answer again, never run again.
        finished.delivered = false;
      }
    }
  }

  /** The answers the next call carries, oldest first, at most `max`. */
  acksToSend(max: number): CommandAck[] {
    return [...this.#finished.values()]
      .filter((finished) => !finished.delivered)
      .slice(0, max)
      .map((finished) => finished.ack);
  }

  /** A call carrying these answers succeeded. */
  delivered(acks: readonly CommandAck[]): void {
    for (const { commandId } of acks) {
      const finished = this.#finished.get(commandId);
      if (finished !== undefined) finished.delivered = true;
    }
  }

  get pendingAcks(): number {
    return [...this.#finished.values()].filter((finished) => !finished.delivered).length;
  }

  get runs(): CommandRun[] {
    return [...this.#runs];
  }

  #run(command: PendingCommand): CommandAck {
    const ack = this.#outcome(command);
    const run: CommandRun = {
      commandId: command.commandId,
      command: command.command,
      status: ack.status,
      ...(ack.result === undefined ? {} : { result: ack.result }),
    };
    this.#runs.push(run);
    this.#onFinished(run);
    return ack;
  }

  /** Refuses what this gadget cannot run (its model, its firmware, bad parameters); runs the rest. */
  #outcome({ commandId, command, params }: PendingCommand): CommandAck {
    const specs = commandsOf(this.#model);
    const spec = Object.hasOwn(specs, command) ? specs[command] : undefined;
    const action = Object.hasOwn(ACTIONS, command) ? ACTIONS[command] : undefined;
    if (spec === undefined || action === undefined) {
      return refusal(commandId, 'rejected', `The ${this.#model} has no ${command} command.`);
    }
    if (!firmwareSupports(this.#firmware(), spec.minFirmware)) {
      return refusal(
        commandId,
        'rejected',
        `${command} needs firmware ${spec.minFirmware}; this gadget runs ${this.#firmware()}.`,
      );
    }
    const parsed = commandParamsSchemaOf(this.#model, command)?.safeParse(params);
    if (parsed?.success !== true) {
      const problems = parsed?.error.issues.map((issue) => issue.message).join('; ');
      return refusal(commandId, 'rejected', `Bad parameters: ${problems ?? 'unknown command'}`);
    }
    try {
      const result = action(parsed.data, this.#hardware);
      return { commandId, status: 'succeeded', ...(result === undefined ? {} : { result }) };
    } catch (error) {
      return refusal(commandId, 'failed', error instanceof Error ? error.message : String(error));
    }
  }
}

function refusal(commandId: string, status: 'failed' | 'rejected', reason: string): CommandAck {
  return { commandId, status, result: { reason: reason.slice(0, REASON_MAX_LENGTH) } };
}
