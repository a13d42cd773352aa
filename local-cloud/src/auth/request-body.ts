import { check } from './errors.ts';

/** A parsed request body; Identity Toolkit bodies are flat JSON objects of loose types. */
export type RequestBody = Record<string, unknown>;

export function optionalString(body: RequestBody, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  check(typeof value === 'string', `INVALID_ARGUMENT : ${key} must be a string`);
  return value;
}

export function optionalBoolean(body: RequestBody, key: string): boolean | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (value === 'true' || value === 'false') return value === 'true';
  check(typeof value === 'boolean', `INVALID_ARGUMENT : ${key} must be a boolean`);
  return value;
}

export function stringList(body: RequestBody, key: string): string[] {
  const value = body[key];
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return [value];
  check(
    Array.isArray(value) && value.every((item) => typeof item === 'string'),
    `INVALID_ARGUMENT : ${key} must be a list of strings`,
  );
  return value;
}

/** snake_case keys (form-encoded token requests) are accepted as their camelCase twins. */
export function camelCaseKeys(body: RequestBody): RequestBody {
  const result: RequestBody = {};
  for (const [key, value] of Object.entries(body)) {
    result[key.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase())] = value;
  }
  return result;
}
