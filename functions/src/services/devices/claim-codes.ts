import { createHmac } from 'node:crypto';
import { generateReadableCode, normalizeReadableCode } from '../credentials/readable-codes.ts';

/** 10 characters × 5 bits = 50 bits of entropy per code. */
export const CLAIM_CODE_LENGTH = 10;

/** A new claim code, grouped for printing: `K7QM-2XJ4-9D`. */
export function generateClaimCode(): string {
  return generateReadableCode(CLAIM_CODE_LENGTH);
}

/** Only this is stored: an HMAC-SHA256 keyed with a secret, so a leaked registry reveals no codes. */
export function hashClaimCode(code: string, secret: string): string {
  return createHmac('sha256', secret).update(normalizeReadableCode(code)).digest('hex');
}
