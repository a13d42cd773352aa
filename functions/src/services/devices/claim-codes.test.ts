import { describe, expect, it } from 'vitest';
import { normalizeReadableCode } from '../credentials/readable-codes.ts';
import { CLAIM_CODE_LENGTH, generateClaimCode, hashClaimCode } from './claim-codes.ts';

describe('claim codes', () => {
  it('generates 10 Crockford characters, grouped for printing', () => {
    const codes = new Set(Array.from({ length: 200 }, generateClaimCode));
    expect(codes.size).toBe(200);
    for (const code of codes) {
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}$/);
      expect(normalizeReadableCode(code)).toHaveLength(CLAIM_CODE_LENGTH);
    }
  });

  it('hashes normalised codes with the secret, so equal codes typed differently match', () => {
    const secret = 'test-secret';
    expect(hashClaimCode('K7QM-2XJ4-9D', secret)).toBe(hashClaimCode('k7qm2xj49d', secret));
    expect(hashClaimCode('K7QM-2XJ4-9D', secret)).not.toBe(hashClaimCode('K7QM-2XJ4-9D', 'other'));
    expect(hashClaimCode('K7QM-2XJ4-9D', secret)).toMatch(/^[0-9a-f]{64}$/);
  });
});
