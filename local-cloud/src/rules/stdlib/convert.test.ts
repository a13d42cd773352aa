import { describe, expect, it } from 'vitest';
import { RError, RMap } from '../values.ts';
import { callFunction } from './index.ts';

describe('conversions', () => {
  // https://firebase.google.com/docs/reference/rules/rules.Integer: "String and float values can be
  // converted to integers using the int() function: int("2") == 2, int(2.0) == 2"
  it('int()', () => {
    expect(callFunction('int', ['2'])).toBe(2n);
    expect(callFunction('int', [2.0])).toBe(2n);
    expect(callFunction('int', [-2.7])).toBe(-2n);
    expect(callFunction('int', ['-9223372036854775808'])).toBe(-(2n ** 63n));
    expect(callFunction('int', ['9223372036854775808'])).toBeInstanceOf(RError);
    expect(callFunction('int', ['2.5'])).toBeInstanceOf(RError);
    expect(callFunction('int', [NaN])).toBeInstanceOf(RError);
    expect(callFunction('int', [true])).toBeInstanceOf(RError);
  });

  // https://firebase.google.com/docs/reference/rules/rules.Float: "String and integer values can be
  // converted to float values using the float() function: float("2.2") == 2.2, float(2) == 2.0"
  it('float()', () => {
    expect(callFunction('float', ['2.2'])).toBe(2.2);
    expect(callFunction('float', [2n])).toBe(2);
    expect(callFunction('float', ['1e3'])).toBe(1000);
    expect(callFunction('float', ['two'])).toBeInstanceOf(RError);
    expect(callFunction('float', [''])).toBeInstanceOf(RError);
    expect(callFunction('float', [null])).toBeInstanceOf(RError);
  });

  // https://firebase.google.com/docs/reference/rules/rules.String: string(true) == "true",
  // string(1) == "1", string(2.0) == "2.0", string(null) == "null"
  it('string()', () => {
    expect(callFunction('string', [true])).toBe('true');
    expect(callFunction('string', [1n])).toBe('1');
    expect(callFunction('string', [2.0])).toBe('2.0');
    expect(callFunction('string', [null])).toBe('null');
    expect(callFunction('string', [0.5])).toBe('0.5');
    expect(callFunction('string', [new RMap({})])).toBeInstanceOf(RError);
    expect(callFunction('string', [])).toBeInstanceOf(RError);
  });
});
