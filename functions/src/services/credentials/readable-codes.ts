import { randomInt } from 'node:crypto';

/**
 * Codes people read off a label or a screen and type in: claim codes and invite codes. Crockford's
 * base 32 has no I, L, O or U, so a code read aloud or typed from a label survives.
 */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const GROUP = 4;

/** `length` characters from a secure random source, grouped by four for reading: `K7QM-2XJ4-9D`. */
export function generateReadableCode(length: number): string {
  let code = '';
  for (let i = 0; i < length; i++) code += CROCKFORD.charAt(randomInt(CROCKFORD.length));
  const groups: string[] = [];
  for (let i = 0; i < code.length; i += GROUP) groups.push(code.slice(i, i + GROUP));
  return groups.join('-');
}

/**
 * What a person typed, as the code it must be: case and separators ignored, and Crockford's
 * confusable letters read as the digits they stand for (I and L as 1, O as 0).
 */
export function normalizeReadableCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
}
