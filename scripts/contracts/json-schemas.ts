import { z } from 'zod';
import type { CallableContract, ReadablePath } from '@gadget/shared';

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
