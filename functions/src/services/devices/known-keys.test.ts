import { describe, expect, it } from 'vitest';
import { forgetKey, knownKey, rememberKey } from './known-keys.ts';

const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);

describe('keys remembered by an instance', () => {
  it('answers the checked key for its hash only, until forgotten', () => {
    rememberKey('dev-a', HASH_A, { rotatedBy: 'owner', tag: 't1' });
    expect(knownKey('dev-a', HASH_A)).toEqual({ rotatedBy: 'owner', tag: 't1' });
    expect(knownKey('dev-a', HASH_B)).toBeUndefined();
    expect(knownKey('dev-b', HASH_A)).toBeUndefined();
    forgetKey('dev-a');
    expect(knownKey('dev-a', HASH_A)).toBeUndefined();
  });

  it('never remembers a key without a tag: nothing could tell it was rotated', () => {
    rememberKey('dev-c', HASH_A, { rotatedBy: null });
    expect(knownKey('dev-c', HASH_A)).toBeUndefined();
  });

  it('holds one key per device, the latest checked', () => {
    rememberKey('dev-d', HASH_A, { rotatedBy: 'owner', tag: 't1' });
    rememberKey('dev-d', HASH_B, { rotatedBy: 'owner', tag: 't2' });
    expect(knownKey('dev-d', HASH_A)).toBeUndefined();
    expect(knownKey('dev-d', HASH_B)).toEqual({ rotatedBy: 'owner', tag: 't2' });
  });

  it('keeps at most 10,000, forgetting the oldest first', () => {
    for (let i = 0; i <= 10_000; i += 1) {
      rememberKey(`many-${String(i)}`, HASH_A, { rotatedBy: null, tag: 't' });
    }
    expect(knownKey('many-0', HASH_A)).toBeUndefined();
    expect(knownKey('many-1', HASH_A)).toBeDefined();
    expect(knownKey('many-10000', HASH_A)).toBeDefined();
  });
});
