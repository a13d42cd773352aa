import { timingSafeEqual } from 'node:crypto';

/**
 * Whether two hex digests are equal, in time that does not depend on where they first differ, so
 * a guesser learns nothing from how long a refusal took. Digests of different lengths differ.
 */
export function sameHexDigest(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
