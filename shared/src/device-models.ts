import * as z from 'zod';

/** A metric a gadget model reports, with the range a real reading can take. */
export interface MetricSpec {
  readonly unit: string;
  readonly min: number;
  readonly max: number;
}

const temperature = { unit: '°C', min: -40, max: 125 } as const satisfies MetricSpec;
const humidity = { unit: '%', min: 0, max: 100 } as const satisfies MetricSpec;
const battery = { unit: '%', min: 0, max: 100 } as const satisfies MetricSpec;

/**
 * A setting a gadget of a model accepts (`setDeviceSettings`, `devices/{id}/state/desired`): its
 * values, the value the gadget uses until someone sets one, and the lowest firmware that
 * understands it (a gadget reporting older firmware is never sent it).
 */
export type SettingSpec =
  | {
      readonly kind: 'integer';
      readonly min: number;
      readonly max: number;
      readonly unit: string;
      readonly default: number;
      readonly minFirmware: string;
      readonly summary: string;
    }
  | {
      readonly kind: 'choice';
      readonly choices: readonly [string, ...string[]];
      readonly default: string;
      readonly minFirmware: string;
      readonly summary: string;
    };

const reportIntervalSeconds = {
  kind: 'integer',
  min: 60,
  max: 3600,
  unit: 's',
  // One reading a minute, posted in 15-minute batches: the cost budget's gadget.
  default: 900,
  minFirmware: '1.0.0',
  summary: 'How often the gadget posts its readings (it samples every minute).',
} as const satisfies SettingSpec;
const displayUnit = {
  kind: 'choice',
  choices: ['C', 'F'],
  default: 'C',
  minFirmware: '1.0.0',
  summary: 'The temperature unit on the gadget’s screen.',
} as const satisfies SettingSpec;
const screenBrightness = {
  kind: 'integer',
  min: 0,
  max: 100,
  unit: '%',
  default: 70,
  minFirmware: '1.2.0',
  summary: 'Screen brightness; 0 turns the screen off.',
} as const satisfies SettingSpec;

/** A command a gadget of a model answers (`sendCommand`), with its parameters. */
export interface CommandSpec {
  readonly minFirmware: string;
  readonly summary: string;
  /** Parameter name → integer range or choices; every parameter is optional. */
  readonly params: Readonly<
    Record<
      string,
      | {
          readonly kind: 'integer';
          readonly min: number;
          readonly max: number;
          readonly unit: string;
        }
      | { readonly kind: 'choice'; readonly choices: readonly [string, ...string[]] }
    >
  >;
}

const identify = {
  minFirmware: '1.0.0',
  summary: 'Blinks the gadget’s light so a person can find it.',
  params: { durationSeconds: { kind: 'integer', min: 1, max: 60, unit: 's' } },
} as const satisfies CommandSpec;
const reboot = {
  minFirmware: '1.0.0',
  summary: 'Restarts the gadget; it acknowledges after it is back.',
  params: {},
} as const satisfies CommandSpec;

/** The gadget models this backend knows. A reading with a metric its model lacks is rejected. */
export const DEVICE_MODELS = {
  'thermo-1': {
    defaultName: 'Thermometer',
    metrics: { temperature, humidity, battery },
    offlineAfterMinutes: 15,
    settings: { reportIntervalSeconds, displayUnit, screenBrightness },
    commands: {
      identify,
      reboot,
      calibrate: {
        minFirmware: '1.1.0',
        summary: 'Recalibrates a sensor against the room; takes up to a minute.',
        params: { metric: { kind: 'choice', choices: ['temperature', 'humidity'] } },
      },
    },
  },
  'air-1': {
    defaultName: 'Air monitor',
    metrics: {
      temperature,
      humidity,
      battery,
      co2: { unit: 'ppm', min: 0, max: 10_000 },
      pm25: { unit: 'µg/m³', min: 0, max: 1_000 },
    },
    offlineAfterMinutes: 15,
    settings: {
      reportIntervalSeconds,
      displayUnit,
      screenBrightness,
      fanMode: {
        kind: 'choice',
        choices: ['auto', 'low', 'high', 'off'],
        default: 'auto',
        minFirmware: '1.1.0',
        summary: 'The fan that draws air over the sensors; `off` stops CO₂ and PM2.5 readings.',
      },
    },
    commands: {
      identify,
      reboot,
      calibrate: {
        minFirmware: '1.0.0',
        summary: 'Recalibrates a sensor against fresh air; takes up to a minute.',
        params: {
          metric: { kind: 'choice', choices: ['temperature', 'humidity', 'co2', 'pm25'] },
        },
      },
    },
  },
} as const satisfies Record<
  string,
  {
    /** A claimed device's name until its owner gives one (never the serial: viewers read names). */
    defaultName: string;
    metrics: Record<string, MetricSpec>;
    offlineAfterMinutes: number;
    settings: Record<string, SettingSpec>;
    commands: Record<string, CommandSpec>;
  }
>;

export type DeviceModelId = keyof typeof DEVICE_MODELS;
export const DeviceModelIdSchema = z.enum(
  Object.keys(DEVICE_MODELS) as [DeviceModelId, ...DeviceModelId[]],
);

export function metricsOf(model: DeviceModelId): Readonly<Record<string, MetricSpec>> {
  return DEVICE_MODELS[model].metrics;
}

export function settingsOf(model: DeviceModelId): Readonly<Record<string, SettingSpec>> {
  return DEVICE_MODELS[model].settings;
}

export function commandsOf(model: DeviceModelId): Readonly<Record<string, CommandSpec>> {
  return DEVICE_MODELS[model].commands;
}

/** The zod schema of one setting's or parameter's value. */
export function valueSchemaOf(
  spec: SettingSpec | CommandSpec['params'][string],
): z.ZodType<string | number> {
  return spec.kind === 'integer'
    ? z.number().int().min(spec.min).max(spec.max)
    : z.enum(spec.choices);
}

/**
 * The settings a gadget of `model` accepts, each optional (a request sets some of them): what
 * `setDeviceSettings` checks `values` against, and the JSON Schema the apps generate types from.
 */
export function settingsSchemaOf(model: DeviceModelId) {
  return z.strictObject(
    Object.fromEntries(
      Object.entries(settingsOf(model)).map(([key, spec]) => [key, valueSchemaOf(spec).optional()]),
    ),
  );
}

/** A command's parameters for `model`, each optional; unknown parameters are refused. */
export function commandParamsSchemaOf(model: DeviceModelId, command: string) {
  const spec = Object.hasOwn(commandsOf(model), command) ? commandsOf(model)[command] : undefined;
  if (spec === undefined) return undefined;
  return z.strictObject(
    Object.fromEntries(
      Object.entries(spec.params).map(([key, param]) => [key, valueSchemaOf(param).optional()]),
    ),
  );
}

/** Every setting name of any model: what a request may name before its device is known. */
export const SETTING_KEYS = [
  ...new Set(Object.values(DEVICE_MODELS).flatMap((model) => Object.keys(model.settings))),
];

/** Every command name of any model. */
export const COMMAND_NAMES = [
  ...new Set(Object.values(DEVICE_MODELS).flatMap((model) => Object.keys(model.commands))),
];
