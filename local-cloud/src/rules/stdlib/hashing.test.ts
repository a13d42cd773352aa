import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RError } from '../values.ts';
import { callFunction } from './index.ts';

// Reference: https://firebase.google.com/docs/reference/rules/rules.hashing ("Bytes sequence
// (declared with b prefix), or string. For strings, the UTF-8 encoding is used.")
const hex = (v: unknown) => Buffer.from(v as Uint8Array).toString('hex');
const check = new Uint8Array(Buffer.from('123456789'));

describe('hashing.*', () => {
  it('crc32: "Compute a hash using the CRC32 algorithm"', () => {
    // The standard check value of CRC-32 for "123456789" is 0xcbf43926.
    expect(hex(callFunction('hashing.crc32', ['123456789']))).toBe('cbf43926');
    expect(hex(callFunction('hashing.crc32', [check]))).toBe('cbf43926');
    expect(callFunction('hashing.crc32', [1n])).toBeInstanceOf(RError);
  });

  it('crc32c: "Compute a hash using the CRC32C algorithm"', () => {
    // The standard check value of CRC-32C for "123456789" is 0xe3069283.
    expect(hex(callFunction('hashing.crc32c', ['123456789']))).toBe('e3069283');
    expect(callFunction('hashing.crc32c', [])).toBeInstanceOf(RError);
  });

  it('md5: "Compute a hash using the MD5 algorithm"', () => {
    expect(hex(callFunction('hashing.md5', ['']))).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(hex(callFunction('hashing.md5', ['€']))).toBe(
      createHash('md5').update('€').digest('hex'),
    );
    expect(callFunction('hashing.md5', [null])).toBeInstanceOf(RError);
  });

  it('sha256: "Compute a hash using the SHA-256 algorithm"', () => {
    expect(hex(callFunction('hashing.sha256', ['abc']))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(callFunction('hashing.sha256', ['a', 'b'])).toBeInstanceOf(RError);
  });
});
