import { describe, expect, it } from 'vitest';
import { crc32cBase64, crc32cUpdate } from './crc32c.ts';

describe('crc32c', () => {
  it('matches the standard check value for "123456789"', () => {
    expect(crc32cUpdate(0, Buffer.from('123456789'))).toBe(0xe3069283);
  });

  it('gives the same result when fed in chunks', () => {
    const data = Buffer.from('The quick brown fox jumps over the lazy dog');
    const whole = crc32cUpdate(0, data);
    const chunked = crc32cUpdate(crc32cUpdate(0, data.subarray(0, 7)), data.subarray(7));
    expect(chunked).toBe(whole);
  });

  it('encodes like Cloud Storage (empty object is AAAAAA==)', () => {
    expect(crc32cBase64(crc32cUpdate(0, Buffer.alloc(0)))).toBe('AAAAAA==');
    expect(crc32cBase64(0xe3069283)).toBe('4waSgw==');
  });
});
