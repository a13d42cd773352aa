import { publicKeyOf } from '@gadget/reference-gadget';
import { DEVICE_MODELS, DeviceModelIdSchema, settingsOf } from '@gadget/shared';
import type { DeviceModelId } from '@gadget/shared';
import { parseOptions, UsageError } from '../cli/usage-error.ts';

export { UsageError } from '../cli/usage-error.ts';

/** A fleet on one laptop: enough for a load test, bounded so a typo cannot take the machine. */
export const MAX_GADGETS = 1000;
const REPORT_INTERVAL = settingsOf('thermo-1').reportIntervalSeconds;
const INTERVAL =
  REPORT_INTERVAL?.kind === 'integer'
    ? { min: REPORT_INTERVAL.min, max: REPORT_INTERVAL.max }
    : { min: 60, max: 3600 };

export const FLEET_HELP = `Usage: npm run fleet -- [--gadgets N] [--model MODEL] [--interval SECONDS] [options]

Runs N virtual gadgets (the reference gadget, gadget/) against the backend: by default npm start's
emulators at firebase.json's ports. It provisions them, claims them for the demo user, sets their
report interval through setDeviceSettings, then lets them sample every minute and call ingest at
the backend's nextPollSeconds, while an app of the user's changes a setting or sends a command
now and then. A live summary shows requests a second, latency, refusals, readings, pending
settings and commands. It stops on Ctrl-C or after --duration: the gadgets send what they hold,
the backend's data is checked (every reading stored once, every setting applied, every command
finished), and the last line reads
  fleet: N gadgets, R readings accepted, L lost, D duplicated

The gadgets take the firmware updates a rollout offers them (npm run firmware:rollout): a Wi-Fi
gadget downloads its own, the app carries a BLE gadget's (getFirmwareOffer). The summary counts
where each gadget's update is (downloading, succeeded, rolled-back, ...) and what they run.

  --gadgets N        how many gadgets, 1 to ${String(MAX_GADGETS)} (default 10)
  --model MODEL      ${Object.keys(DEVICE_MODELS).join(' | ')} (default thermo-1)
  --interval SECONDS the report interval the app sets, ${String(INTERVAL.min)} to ${String(INTERVAL.max)} (default 60)
  --duration SECONDS stop after this long (real time); without it, run until Ctrl-C
  --faults PERCENT   share of requests that lose their response or time out, and of firmware
                     download requests cut partway, 0 to 50 (default 0)
  --skew SECONDS     each gadget's clock is off by up to this much, 0 to 240 (default 0)
  --speed X          simulated time: X gadget-seconds per second, 1 to 3600 (default 1)
  --ble PERCENT      share of gadgets that are BLE gadgets the user's phone relays for (default 0)
  --firmware-key BASE64
                     the release public key the gadgets' firmware is built with (what
                     npm run firmware:keygen prints; default: $FIRMWARE_PUBLIC_KEY). Without one,
                     every update offered fails with bad-signature, as on a real gadget
  --fails-to-boot PERCENT
                     share of gadgets (every so many by index, so the same ones each run) on
                     which any new firmware fails to boot and is rolled back, 0 to 100 (default 0)
  --user EMAIL       the account that claims them (default demo@gadget.test, password gadget-demo)
  --password PASS    its password
  --project ID       the project (default demo-gadget)
  --functions-url URL
                     the Functions base URL (default http://127.0.0.1:PORT/PROJECT/us-central1)
  --seed N           seed the gadgets' randomness, so two runs behave alike
  --help             show this text

Environment: FIRESTORE_EMULATOR_HOST and FIREBASE_AUTH_EMULATOR_HOST name the emulators when they
are not npm start's; FIRMWARE_PUBLIC_KEY is --firmware-key's default.
`;

export interface FleetCommand {
  readonly gadgets: number;
  readonly model: DeviceModelId;
  readonly intervalSeconds: number;
  readonly durationSeconds: number | undefined;
  /** 0..0.5: the share of requests a fault hits. */
  readonly faultRate: number;
  readonly skewSeconds: number;
  readonly speed: number;
  /** 0..1: the share of gadgets that are BLE. */
  readonly bleShare: number;
  /** The release public key (raw 32 bytes, standard base64) the gadgets verify updates with. */
  readonly firmwarePublicKey: string | undefined;
  /** 0..1: the share of gadgets on which new firmware fails to boot. */
  readonly failsToBootShare: number;
  readonly email: string;
  readonly password: string;
  readonly projectId: string;
  readonly functionsUrl: string | undefined;
  readonly seed: number | undefined;
}

/**
 * The command line as a fleet run, 'help', or a UsageError naming what is wrong; `env` gives
 * FIRMWARE_PUBLIC_KEY, --firmware-key's default.
 */
export function parseFleetCommand(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
): FleetCommand | 'help' {
  const values = parseOptions(argv, {
    gadgets: { type: 'string' },
    model: { type: 'string' },
    interval: { type: 'string' },
    duration: { type: 'string' },
    faults: { type: 'string' },
    skew: { type: 'string' },
    speed: { type: 'string' },
    ble: { type: 'string' },
    'firmware-key': { type: 'string' },
    'fails-to-boot': { type: 'string' },
    user: { type: 'string' },
    password: { type: 'string' },
    project: { type: 'string' },
    'functions-url': { type: 'string' },
    seed: { type: 'string' },
    help: { type: 'boolean' },
  });
  if (values.help === true) return 'help';
  const model = DeviceModelIdSchema.safeParse(values.model ?? 'thermo-1');
  if (!model.success) {
    throw new UsageError(`--model must be one of ${Object.keys(DEVICE_MODELS).join(', ')}.`);
  }
  const projectId = values.project ?? 'demo-gadget';
  if (!/^[a-z][a-z0-9-]{4,29}$/.test(projectId))
    throw new UsageError('--project is not a project id.');
  return {
    gadgets: integer('--gadgets', values.gadgets, 10, 1, MAX_GADGETS),
    model: model.data,
    intervalSeconds: integer('--interval', values.interval, 60, INTERVAL.min, INTERVAL.max),
    durationSeconds:
      values.duration === undefined
        ? undefined
        : integer('--duration', values.duration, 0, 1, 7 * 24 * 3600),
    faultRate: percent('--faults', values.faults, 50),
    skewSeconds: integer('--skew', values.skew, 0, 0, 240),
    speed: integer('--speed', values.speed, 1, 1, 3600),
    bleShare: percent('--ble', values.ble, 100),
    firmwarePublicKey: firmwareKey(values['firmware-key'], env.FIRMWARE_PUBLIC_KEY),
    failsToBootShare: percent('--fails-to-boot', values['fails-to-boot'], 100),
    email: values.user ?? 'demo@gadget.test',
    password: values.password ?? 'gadget-demo',
    projectId,
    functionsUrl: values['functions-url'],
    seed: values.seed === undefined ? undefined : integer('--seed', values.seed, 0, 0, 2 ** 31),
  };
}

function integer(
  flag: string,
  text: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new UsageError(`${flag} must be a whole number from ${String(min)} to ${String(max)}.`);
  }
  return value;
}

/** `5%` or `5` → 0.05, at most `max` percent. */
function percent(flag: string, text: string | undefined, max: number): number {
  if (text === undefined) return 0;
  const match = /^(\d+(?:\.\d+)?)%?$/.exec(text);
  const value = match === null ? NaN : Number(match[1]);
  if (!(value >= 0 && value <= max)) {
    throw new UsageError(`${flag} must be a percentage from 0 to ${String(max)}, such as 5%.`);
  }
  return value / 100;
}

/** --firmware-key, else FIRMWARE_PUBLIC_KEY (an empty one is unset), checked as a gadget reads it. */
function firmwareKey(flag: string | undefined, fromEnv: string | undefined): string | undefined {
  const [source, key] =
    flag !== undefined
      ? ['--firmware-key', flag]
      : ['FIRMWARE_PUBLIC_KEY', fromEnv === '' ? undefined : fromEnv];
  if (key === undefined) return undefined;
  try {
    publicKeyOf(key);
  } catch {
    throw new UsageError(
      `${source} must be a raw 32-byte Ed25519 public key in standard base64, as npm run firmware:keygen prints it.`,
    );
  }
  return key;
}
