import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sameHexDigest } from './digests.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('sameHexDigest', () => {
  it('matches equal digests, whatever the case of their hex', () => {
    expect(sameHexDigest(sha256('a'), sha256('a'))).toBe(true);
    expect(sameHexDigest(sha256('a'), sha256('a').toUpperCase())).toBe(true);
  });

  it('refuses different digests, and digests of different lengths without throwing', () => {
    expect(sameHexDigest(sha256('a'), sha256('b'))).toBe(false);
    expect(sameHexDigest(sha256('a'), sha256('a').slice(0, 62))).toBe(false);
    expect(sameHexDigest(sha256('a'), '')).toBe(false);
  });
});
