import { describe, expect, it } from 'vitest';
import { parseByteRange } from './byte-range.ts';

describe('parseByteRange', () => {
  it('reads a-b, a- and -n, clipping the end to the object', () => {
    expect(parseByteRange('bytes=0-65535', 100_000)).toEqual({ start: 0, end: 65_535 });
    expect(parseByteRange('bytes=65536-', 100_000)).toEqual({ start: 65_536, end: 99_999 });
    expect(parseByteRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
    expect(parseByteRange('bytes=-1000', 100)).toEqual({ start: 0, end: 99 });
    expect(parseByteRange('bytes=90-1000', 100)).toEqual({ start: 90, end: 99 });
  });

  it('ignores what it cannot serve as one range: the whole object is sent', () => {
    for (const header of [
      undefined,
      '',
      'bytes=',
      'bytes=-',
      'items=0-1',
      'bytes=0-1,5-9',
      'bytes=9-1',
      'bytes=a-b',
    ]) {
      expect(parseByteRange(header, 100)).toBeUndefined();
    }
  });

  it('refuses a first byte past the end and an empty suffix', () => {
    expect(parseByteRange('bytes=100-', 100)).toBe('unsatisfiable');
    expect(parseByteRange('bytes=100-200', 100)).toBe('unsatisfiable');
    expect(parseByteRange('bytes=-0', 100)).toBe('unsatisfiable');
  });
});
