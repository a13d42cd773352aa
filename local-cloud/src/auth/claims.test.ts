import { describe, expect, it } from 'vitest';
import { validateCustomAttributes } from './claims.ts';
import { AuthApiError } from './errors.ts';

function messageOf(serialized: string): string | undefined {
  try {
    validateCustomAttributes(serialized);
    return undefined;
  } catch (error) {
    return error instanceof AuthApiError ? error.message : 'not an AuthApiError';
  }
}

describe('validateCustomAttributes', () => {
  it('accepts a JSON object within 1000 characters', () => {
    expect(messageOf('{"admin":true}')).toBeUndefined();
    expect(messageOf(JSON.stringify({ a: 'x'.repeat(992) }))).toBeUndefined();
  });

  it('rejects what Identity Toolkit rejects', () => {
    expect(messageOf(JSON.stringify({ a: 'x'.repeat(993) }))).toBe('CLAIMS_TOO_LARGE');
    expect(messageOf('{')).toBe('INVALID_CLAIMS');
    expect(messageOf('null')).toBe('INVALID_CLAIMS');
    expect(messageOf('"text"')).toBe('INVALID_CLAIMS');
    expect(messageOf('[]')).toBe('INVALID_CLAIMS');
    expect(messageOf('{"auth_time":1}')).toBe('FORBIDDEN_CLAIM : auth_time');
    expect(messageOf('{"firebase":{}}')).toBe('FORBIDDEN_CLAIM : firebase');
  });
});
