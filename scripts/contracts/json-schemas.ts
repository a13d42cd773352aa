import { z } from 'zod';
import { commandParamsSchemaOf, commandsOf, settingsOf, settingsSchemaOf } from '@gadget/shared';
import type { CallableContract, DeviceModelId, ReadablePath } from '@gadget/shared';

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
      request: z.toJSONSchema(contract.request, { io: 'input', unrepresentable: 'any' }),
      response: z.toJSONSchema(contract.response, { io: 'output', unrepresentable: 'any' }),
    };
    files.set(`${contract.name}.json`, `${JSON.stringify(document, null, 2)}\n`);
  }
  return files;
}

/**
 * How a Firestore Timestamp appears in the documents' JSON Schemas. JSON has no timestamp type, and
 * the apps never see one as JSON: each SDK hands it over as its own Timestamp (or Date) type.
 */
export const FIRESTORE_TIMESTAMP = { 'x-firestore-type': 'timestamp' } as const;

/**
 * A stored document's JSON Schema. `io: 'input'` because the stored document is what the shared
 * schema accepts (the functions parse what they read): objects are not closed, as a document may
 * carry fields a newer backend added, and the schemas' Dates are Firestore Timestamps.
 */
export function documentJsonSchema(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: ({ zodSchema }) =>
      zodSchema._zod.def.type === 'date' ? { ...FIRESTORE_TIMESTAMP } : 'any',
  });
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
 * Two files per gadget model: `models/{model}.settings.json`, the settings `setDeviceSettings`
 * takes, and `models/{model}.commands.json`, a property per command whose value is its `params` for
 * `sendCommand`. Each setting and command carries its summary as `description` and a setting its
 * `default` (standard keywords generators read); units and the lowest firmware that understands a
 * setting or command go in `x-unit` and `x-min-firmware`, custom keywords like `x-firestore-type`,
 * which validators ignore. `io: 'input'`: these are what the apps send.
 */
export function deviceModelJsonSchemas(models: readonly DeviceModelId[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const model of models) {
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

type JsonSchema = Record<string, unknown>;

const MODEL_FILE_DESCRIPTIONS = {
  settings: (model: DeviceModelId) =>
    `The settings of ${model} gadgets, the \`values\` of \`setDeviceSettings\`, each optional. \`x-min-firmware\` is the oldest firmware that understands a setting: the backend refuses it for a gadget reporting older.`,
  commands: (model: DeviceModelId) =>
    `The commands ${model} gadgets answer (\`sendCommand\`): each property is a command, its value the command's \`params\`. \`x-min-firmware\` is the oldest firmware that understands a command: the backend refuses it for a gadget reporting older.`,
};

function modelFile(model: DeviceModelId, kind: 'settings' | 'commands', schema: JsonSchema) {
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
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
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
