import { z } from 'zod';
import { serviceCheckedAs } from '@gadget/shared';

export type JsonSchema = Record<string, unknown>;

/**
 * How a Firestore Timestamp appears in the documents' JSON Schemas. JSON has no timestamp type, and
 * the apps never see one as JSON: each SDK hands it over as its own Timestamp (or Date) type.
 */
export const FIRESTORE_TIMESTAMP = { 'x-firestore-type': 'timestamp' } as const;

interface Options {
  /** `input`: what the apps send (or a document as stored); `output`: what they receive. */
  readonly io: 'input' | 'output';
  /** Dates are Firestore Timestamps in documents; elsewhere they are not representable. */
  readonly dates?: 'firestore-timestamp';
}

/**
 * The JSON Schema (2020-12) of a shared schema, for docs/API.md and shared/schemas/. A value a
 * service checks (`checkedByService`) is shown as the schema it is checked against, not as the
 * `{}` of an unchecked value; anything else with no JSON Schema equivalent is `{}`.
 */
export function jsonSchemaOf(schema: z.ZodType, options: Options): JsonSchema {
  return z.toJSONSchema(schema, {
    io: options.io,
    unrepresentable: ({ zodSchema }) => {
      const checkedAs = serviceCheckedAs(zodSchema);
      if (checkedAs !== undefined) return withoutDialect(jsonSchemaOf(checkedAs, options));
      if (options.dates === 'firestore-timestamp' && zodSchema._zod.def.type === 'date') {
        return { ...FIRESTORE_TIMESTAMP };
      }
      return 'any';
    },
  });
}

/** The schema without its `$schema` keyword: for one embedded in a document that names it once. */
export function withoutDialect(schema: JsonSchema): JsonSchema {
  const { $schema: _dialect, ...rest } = schema;
  return rest;
}
