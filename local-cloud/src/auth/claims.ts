import { check } from './errors.ts';

/** Identity Toolkit's limit on the serialized custom claims. */
export const MAX_CUSTOM_ATTRIBUTES_LENGTH = 1000;

/** Claim names the token format owns; setting them as custom claims is refused. */
export const RESERVED_CLAIMS = [
  'iss',
  'aud',
  'sub',
  'iat',
  'exp',
  'nbf',
  'jti',
  'nonce',
  'azp',
  'acr',
  'amr',
  'cnf',
  'auth_time',
  'firebase',
  'at_hash',
  'c_hash',
] as const;

/** Validates serialized custom claims the way Identity Toolkit does. */
export function validateCustomAttributes(serialized: string): void {
  check(serialized.length <= MAX_CUSTOM_ATTRIBUTES_LENGTH, 'CLAIMS_TOO_LARGE');
  let parsed: unknown;
  try {
    parsed = JSON.parse(serialized);
  } catch {
    check(false, 'INVALID_CLAIMS');
  }
  validateClaims(parsed);
}

export function validateClaims(claims: unknown): asserts claims is Record<string, unknown> {
  check(typeof claims === 'object' && claims !== null && !Array.isArray(claims), 'INVALID_CLAIMS');
  for (const name of RESERVED_CLAIMS) {
    check(!(name in claims), `FORBIDDEN_CLAIM : ${name}`);
  }
}
