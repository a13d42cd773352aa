import { createHmac, randomInt } from 'node:crypto';

/** Crockford's base 32: no I, L, O or U, so codes read aloud or typed from a label survive. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 10 characters × 5 bits = 50 bits of entropy per code. */
export const CLAIM_CODE_LENGTH = 10;

/** A new claim code from a secure random source, grouped for printing: `K7QM-2XJ4-9D`. */
export function generateClaimCode(): string {
  let code = '';
  for (let i = 0; i < CLAIM_CODE_LENGTH; i++) code += CROCKFORD.charAt(randomInt(CROCKFORD.length));
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}

/**
 * What a person typed, as the code it must be: case and separators ignored, and Crockford's
 * confusable letters read as the digits they stand for (I and L as 1, O as 0).
 */
export function normalizeClaimCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
}

/** Only this is stored: an HMAC-SHA256 keyed with a secret, so a leaked registry reveals no codes. */
export function hashClaimCode(code: string, secret: string): string {
  return createHmac('sha256', secret).update(normalizeClaimCode(code)).digest('hex');
}
