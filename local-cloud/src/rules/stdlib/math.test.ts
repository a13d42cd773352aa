import { describe, expect, it } from 'vitest';
import { RError } from '../values.ts';
import type { RValue } from '../values.ts';
import { callFunction } from './index.ts';

// Reference: https://firebase.google.com/docs/reference/rules/rules.math
const math = (name: string, ...args: RValue[]) => callFunction(`math.${name}`, args);

describe('math.*', () => {
  it('abs: "Absolute value of a numeric value"', () => {
    // math.abs(-1) == 1; math.abs(1) == 1
    expect(math('abs', -1n)).toBe(1n);
    expect(math('abs', 1n)).toBe(1n);
    expect(math('abs', -1.5)).toBe(1.5);
    expect(math('abs', -(2n ** 63n))).toBeInstanceOf(RError);
    expect(math('abs', '1')).toBeInstanceOf(RError);
  });

  it('ceil: "Ceiling of the numeric value" (an integer)', () => {
    // math.ceil(2.0) == 2; math.ceil(2.1) == 3; math.ceil(2.7) == 3
    expect(math('ceil', 2.0)).toBe(2n);
    expect(math('ceil', 2.1)).toBe(3n);
    expect(math('ceil', 2.7)).toBe(3n);
    expect(math('ceil', Infinity)).toBeInstanceOf(RError);
    expect(math('ceil')).toBeInstanceOf(RError);
  });

  it('floor: "Floor of the numeric value" (an integer)', () => {
    // math.floor(1.9) == 1; math.floor(2.0) == 2; math.floor(2.7) == 2
    expect(math('floor', 1.9)).toBe(1n);
    expect(math('floor', 2.0)).toBe(2n);
    expect(math('floor', 2.7)).toBe(2n);
    expect(math('floor', -0.5)).toBe(-1n);
    expect(math('floor', NaN)).toBeInstanceOf(RError);
  });

  it('isInfinite: "true if the number is positive or negative infinity"', () => {
    // math.isInfinite(∞) == true; math.isInfinite(100) == false
    expect(math('isInfinite', Infinity)).toBe(true);
    expect(math('isInfinite', -Infinity)).toBe(true);
    expect(math('isInfinite', 100n)).toBe(false);
    expect(math('isInfinite', null)).toBeInstanceOf(RError);
  });

  it('isNaN: "true if the value is not a number"', () => {
    // math.isNaN(NaN) == true; math.isNaN(100) == false
    expect(math('isNaN', NaN)).toBe(true);
    expect(math('isNaN', 100n)).toBe(false);
    expect(math('isNaN', 'NaN')).toBeInstanceOf(RError);
  });

  it('pow: "Return the value of the first argument raised to the power of the second"', () => {
    // math.pow(2, 2) == 4; math.pow(1.5, 2) == 2.25; math.pow(4, 0.5) == 2
    expect(math('pow', 2n, 2n)).toBe(4);
    expect(math('pow', 1.5, 2n)).toBe(2.25);
    expect(math('pow', 4n, 0.5)).toBe(2);
    expect(math('pow', 2n)).toBeInstanceOf(RError);
    expect(math('pow', 2n, '2')).toBeInstanceOf(RError);
  });

  it('round: "Round the input value to the nearest int"', () => {
    // math.round(1.9) == 2; math.round(2.4) == 2; math.round(2.5) == 3
    expect(math('round', 1.9)).toBe(2n);
    expect(math('round', 2.4)).toBe(2n);
    expect(math('round', 2.5)).toBe(3n);
    expect(math('round', -2.5)).toBe(-3n);
    expect(math('round', 1e300)).toBeInstanceOf(RError);
  });

  it('sqrt: "Square root of the input value"', () => {
    // math.sqrt(4) == 2.0; math.sqrt(2.25) == 1.5
    expect(math('sqrt', 4n)).toBe(2);
    expect(math('sqrt', 2.25)).toBe(1.5);
    expect(math('sqrt', [4n])).toBeInstanceOf(RError);
  });

  it('trunc: truncates toward zero to an integer', () => {
    expect(math('trunc', 2.7)).toBe(2n);
    expect(math('trunc', -2.7)).toBe(-2n);
    expect(math('trunc', 5n)).toBe(5n);
    expect(math('trunc', -Infinity)).toBeInstanceOf(RError);
  });

  it('an unknown function is an error', () => {
    expect(math('log', 1n)).toBeInstanceOf(RError);
  });
});
