import { describe, expect, it } from 'vitest';
import { RError } from '../values.ts';
import { callMethod } from './index.ts';

// Reference: https://firebase.google.com/docs/reference/rules/rules.Bytes
const b = (...xs: number[]) => new Uint8Array(xs);
const euro = new Uint8Array(Buffer.from('€'));

describe('rules.Bytes', () => {
  it('size: "Returns the number of bytes in a Bytes sequence"', () => {
    // b'\xFF\xFF'.size() == 2; b'a'.size() == 1; b'€'.size() == 3
    expect(callMethod(b(0xff, 0xff), 'size', [])).toBe(2n);
    expect(callMethod(b(0x61), 'size', [])).toBe(1n);
    expect(callMethod(euro, 'size', [])).toBe(3n);
    expect(callMethod(b(), 'size', [1n])).toBeInstanceOf(RError);
  });

  it('toBase64: "Base64 encoding is performed per the base64url specification"', () => {
    // b'\xFB\xEF\xBE'.toBase64() == '----'
    expect(callMethod(b(0xfb, 0xef, 0xbe), 'toBase64', [])).toBe('----');
    expect(callMethod(b(0xff), 'toBase64', [])).toBe('_w==');
    expect(callMethod(b(), 'toBase64', [1n])).toBeInstanceOf(RError);
  });

  it('toHexString: "Returns the hexadecimal-encoded string"', () => {
    // b'\x2A'.toHexString() == '2A'; b'**'.toHexString() == '2A2A'; b'€'.toHexString() == 'E282AC'
    expect(callMethod(b(0x2a), 'toHexString', [])).toBe('2A');
    expect(callMethod(b(0x2a, 0x2a), 'toHexString', [])).toBe('2A2A');
    expect(callMethod(euro, 'toHexString', [])).toBe('E282AC');
    expect(callMethod(b(), 'toHexString', ['x'])).toBeInstanceOf(RError);
  });
});
