import { z } from 'zod';
import {
  READING_MAX_METRICS,
  commandParamsSchemaOf,
  commandsOf,
  metricsOf,
  settingsOf,
  settingsSchemaOf,
} from '@gadget/shared';
import type { CallableContract, DeviceModelId, ReadablePath } from '@gadget/shared';
import { FIRESTORE_TIMESTAMP, jsonSchemaOf } from './to-json-schema.ts';
import type { JsonSchema } from './to-json-schema.ts';

export { FIRESTORE_TIMESTAMP };

/**
 * The JSON Schema files native apps generate Swift and Kotlin types from: one per callable, with
 * the request as the app sends it and the response as it receives it.
 */
export function contractJsonSchemas(contracts: readonly CallableContract[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const contract of contracts) {
    const document = {
      $id: `https://gadget.example/schemas/${contract.name}.json`,
      title: contract.name,
      description: contract.summary,
      caller: contract.caller,
      request: jsonSchemaOf(contract.request, { io: 'input' }),
      response: jsonSchemaOf(contract.response, { io: 'output' }),
    };
    files.set(`${contract.name}.json`, `${JSON.stringify(document, null, 2)}\n`);
  }
  return files;
}

/**
 * A stored document's JSON Schema. `io: 'input'` because the stored document is what the shared
 * schema accepts (the functions parse what they read): objects are not closed, as a document may
 * carry fields a newer backend added, and the schemas' Dates are Firestore Timestamps.
 */
export function documentJsonSchema(schema: z.ZodType): Record<string, unknown> {
  return jsonSchemaOf(schema, { io: 'input', dates: 'firestore-timestamp' });
}

/** One file per readable Firestore path, `firestore/{name}.json`, beside the callables' files. */
export function readablePathJsonSchemas(paths: readonly ReadablePath[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const readable of paths) {
    const document = {
      $id: `https://gadget.example/schemas/firestore/${readable.name}.json`,
      title: readable.name,
      description: readable.summary,
      path: readable.path,
      reader: readable.reader,
      document: documentJsonSchema(readable.schema),
    };
    files.set(`firestore/${readable.name}.json`, `${JSON.stringify(document, null, 2)}\n`);
  }
  return files;
}

/**
 * Three files per gadget model: `models/{model}.metrics.json`, the `values` of its readings;
 * `models/{model}.settings.json`, the settings `setDeviceSettings` takes; and
 * `models/{model}.commands.json`, a property per command whose value is its `params` for
 * `sendCommand`. Each setting and command carries its summary as `description` and a setting its
 * `default` (standard keywords generators read); units and the lowest firmware that understands a
 * setting or command go in `x-unit` and `x-min-firmware`, custom keywords like `x-firestore-type`,
 * which validators ignore. `io: 'input'`: these are what the apps send.
 */
export function deviceModelJsonSchemas(models: readonly DeviceModelId[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const model of models) {
    files.set(
      `models/${model}.metrics.json`,
      modelFile(model, 'metrics', metricsJsonSchema(model)),
    );

    const settings = toJsonSchema(settingsSchemaOf(model));
    for (const [key, spec] of Object.entries(settingsOf(model))) {
      Object.assign(propertyOf(settings, key), {
        description: spec.summary,
        default: spec.default,
        ...(spec.kind === 'integer' ? { 'x-unit': spec.unit } : {}),
        'x-min-firmware': spec.minFirmware,
      });
    }
    files.set(`models/${model}.settings.json`, modelFile(model, 'settings', settings));

    const catalogue = Object.entries(commandsOf(model));
    const commands = toJsonSchema(
      z.strictObject(
        Object.fromEntries(catalogue.map(([name]) => [name, paramsSchemaOf(model, name)])),
      ),
    );
    for (const [name, spec] of catalogue) {
      const command = Object.assign(propertyOf(commands, name), {
        description: spec.summary,
        'x-min-firmware': spec.minFirmware,
      });
      for (const [key, param] of Object.entries(spec.params)) {
        if (param.kind === 'integer') propertyOf(command, key)['x-unit'] = param.unit;
      }
    }
    files.set(`models/${model}.commands.json`, modelFile(model, 'commands', commands));
  }
  return files;
}

/**
 * A reading's `values` for `model`: each metric optional, a number within its range, its unit in
 * `x-unit`. What the telemetry service checks each reading's `values` against.
 */
function metricsJsonSchema(model: DeviceModelId): JsonSchema {
  const properties = Object.fromEntries(
    Object.entries(metricsOf(model)).map(([metric, spec]) => [
      metric,
      { type: 'number', minimum: spec.min, maximum: spec.max, 'x-unit': spec.unit },
    ]),
  );
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    properties,
    minProperties: 1,
    maxProperties: Math.min(READING_MAX_METRICS, Object.keys(properties).length),
    additionalProperties: false,
  };
}

const MODEL_FILE_DESCRIPTIONS = {
  metrics: (model: DeviceModelId) =>
    `The metrics ${model} gadgets report: the \`values\` of a reading (\`submitReadings\`, \`ingest\`), each a number within its range, in the unit \`x-unit\` says. A metric the model lacks refuses the reading.`,
  settings: (model: DeviceModelId) =>
    `The settings of ${model} gadgets, the \`values\` of \`setDeviceSettings\`, each optional. \`x-min-firmware\` is the oldest firmware that understands a setting: the backend refuses it for a gadget reporting older.`,
  commands: (model: DeviceModelId) =>
    `The commands ${model} gadgets answer (\`sendCommand\`): each property is a command, its value the command's \`params\`. \`x-min-firmware\` is the oldest firmware that understands a command: the backend refuses it for a gadget reporting older.`,
};

function modelFile(
  model: DeviceModelId,
  kind: 'metrics' | 'settings' | 'commands',
  schema: JsonSchema,
) {
  const document = {
    $id: `https://gadget.example/schemas/models/${model}.${kind}.json`,
    title: `${model} ${kind}`,
    description: MODEL_FILE_DESCRIPTIONS[kind](model),
    model,
    [kind]: schema,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function toJsonSchema(schema: z.ZodType): JsonSchema {
  return jsonSchemaOf(schema, { io: 'input' });
}

/** A command's params schema; every command is optional in the catalogue's object. */
function paramsSchemaOf(model: DeviceModelId, command: string) {
  const schema = commandParamsSchemaOf(model, command);
  if (schema === undefined) throw new Error(`${model} has no command ${command}`);
  return schema.optional();
}

/** The schema of `schema`'s property `key`, annotated in place. */
function propertyOf(schema: JsonSchema, key: string): JsonSchema {
  const property = (schema.properties as Record<string, unknown> | undefined)?.[key];
  if (typeof property !== 'object' || property === null) throw new Error(`No property ${key}`);
  return property as JsonSchema;
}
