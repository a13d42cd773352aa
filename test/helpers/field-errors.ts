import { expect } from 'vitest';

/**
 * For `rejects.toMatchObject`: an `invalid-argument` refusal whose `details.fieldErrors` name each
 * of `fields` (with their messages), so the app can mark every bad field at once.
 */
export function namingFields(...fields: string[]): object {
  return {
    code: 'invalid-argument',
    details: {
      fieldErrors: Object.fromEntries(fields.map((field) => [field, expect.any(Array) as unknown])),
    },
  };
}
