import { describe, expect, it } from 'vitest';
import { parseRange } from './http.ts';

describe('parseRange', () => {
  it('reads bounded, open and suffix ranges', () => {
    expect(parseRange('bytes=2-5', 10)).toEqual({ start: 2, end: 5 });
    expect(parseRange('bytes=7-', 10)).toEqual({ start: 7, end: 9 });
    expect(parseRange('bytes=-3', 10)).toEqual({ start: 7, end: 9 });
    expect(parseRange('bytes=0-100', 10)).toEqual({ start: 0, end: 9 });
    expect(parseRange('BYTES=1-1', 10)).toEqual({ start: 1, end: 1 });
  });

  it('takes a suffix longer than the object as the whole object', () => {
    expect(parseRange('bytes=-10', 10)).toEqual({ start: 0, end: 9 });
    expect(parseRange('bytes=-11', 10)).toEqual({ start: 0, end: 9 });
  });

  it('flags ranges past the end, empty suffixes and any range of an empty object', () => {
    expect(parseRange('bytes=10-', 10)).toBe('unsatisfiable');
    expect(parseRange('bytes=10-20', 10)).toBe('unsatisfiable');
    expect(parseRange('bytes=-0', 10)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-', 0)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-65535', 0)).toBe('unsatisfiable');
    expect(parseRange('bytes=-4', 0)).toBe('unsatisfiable');
  });

  it('ignores what it cannot read as one valid range', () => {
    expect(parseRange('bytes=0-1,3-4', 10)).toBeUndefined();
    expect(parseRange('bytes=5-2', 10)).toBeUndefined();
    // Invalid before unsatisfiable: the last byte before the first makes the header ignored.
    expect(parseRange('bytes=20-5', 10)).toBeUndefined();
    expect(parseRange('bytes=-', 10)).toBeUndefined();
    expect(parseRange('items=0-1', 10)).toBeUndefined();
    expect(parseRange(undefined, 10)).toBeUndefined();
  });
});
