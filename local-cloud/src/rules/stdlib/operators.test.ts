import { describe, expect, it } from 'vitest';
import { RDuration, RError, RMap, RPath, RSet, RTimestamp } from '../values.ts';
import { arithmetic, contains, index, negate, slice } from './index.ts';

const NS = 1_000_000_000n;
const MAX = 2n ** 63n - 1n;
const MIN = -(2n ** 63n);

describe('arithmetic', () => {
  // https://firebase.google.com/docs/reference/rules/rules.Integer: "Primitive type representing a
  // signed 64-bit integer value ... Integers support the arithmetic operators +, -, /, *, and %."
  it('ints are 64-bit; overflow is an error', () => {
    expect(arithmetic('+', 2n, 3n)).toBe(5n);
    expect(arithmetic('-', 2n, 3n)).toBe(-1n);
    expect(arithmetic('*', 4n, 3n)).toBe(12n);
    expect(arithmetic('+', MAX, 1n)).toBeInstanceOf(RError);
    expect(arithmetic('-', MIN, 1n)).toBeInstanceOf(RError);
    expect(arithmetic('*', MAX, 2n)).toBeInstanceOf(RError);
    expect(arithmetic('/', MIN, -1n)).toBeInstanceOf(RError);
  });

  it('int division truncates toward zero and % takes the dividend’s sign; by zero is an error', () => {
    expect(arithmetic('/', 7n, 2n)).toBe(3n);
    expect(arithmetic('/', -7n, 2n)).toBe(-3n);
    expect(arithmetic('%', 7n, 3n)).toBe(1n);
    expect(arithmetic('%', -7n, 3n)).toBe(-1n);
    expect(arithmetic('/', 1n, 0n)).toBeInstanceOf(RError);
    expect(arithmetic('%', 1n, 0n)).toBeInstanceOf(RError);
  });

  // https://firebase.google.com/docs/reference/rules/rules.Integer: "Integer values will be coerced to
  // type rules.Float when used in comparison or arithmetic operations with a float value."
  it('an int with a float is a float (unlike CEL, which refuses the mix)', () => {
    expect(arithmetic('+', 1n, 0.5)).toBe(1.5);
    expect(arithmetic('*', 2.5, 2n)).toBe(5);
    expect(arithmetic('/', 1n, 2.0)).toBe(0.5);
    expect(arithmetic('%', 5.5, 2n)).toBe(1.5);
  });

  // https://firebase.google.com/docs/reference/rules/rules.Float: "Primitive type representing a
  // 64-bit IEEE floating point number. Floats support the arithmetic operators +, -, /, *, and %."
  it('floats are IEEE doubles; a zero divisor is an error', () => {
    expect(arithmetic('+', 0.1, 0.2)).toBe(0.1 + 0.2);
    expect(arithmetic('/', 1.0, 4.0)).toBe(0.25);
    expect(arithmetic('/', 1.0, 0.0)).toBeInstanceOf(RError);
    expect(arithmetic('%', 1.0, 0n)).toBeInstanceOf(RError);
  });

  // https://firebase.google.com/docs/reference/rules/rules.String: "Strings can be concatenated using
  // the + operator"; lists likewise.
  it('+ joins strings and lists; other mixes are errors', () => {
    expect(arithmetic('+', 'username', '@domain.com')).toBe('username@domain.com');
    expect(arithmetic('+', ['a'], ['b'])).toEqual(['a', 'b']);
    expect(arithmetic('+', 'a', 1n)).toBeInstanceOf(RError);
    expect(arithmetic('-', 'ab', 'b')).toBeInstanceOf(RError);
    expect(arithmetic('*', ['a'], 2n)).toBeInstanceOf(RError);
    expect(arithmetic('+', true, true)).toBeInstanceOf(RError);
  });

  // rules.Timestamp is "A timestamp in UTC with nanosecond accuracy" and rules.Duration a "Time
  // duration with nanosecond accuracy"; a timestamp moves by a duration, two timestamps differ by one.
  it('timestamps and durations', () => {
    const t = new RTimestamp(100n * NS);
    const h = new RDuration(3600n * NS);
    expect(arithmetic('+', t, h)).toEqual(new RTimestamp(3700n * NS));
    expect(arithmetic('+', h, t)).toEqual(new RTimestamp(3700n * NS));
    expect(arithmetic('-', t, h)).toEqual(new RTimestamp(-3500n * NS));
    expect(arithmetic('-', new RTimestamp(3700n * NS), t)).toEqual(h);
    expect(arithmetic('+', h, h)).toEqual(new RDuration(7200n * NS));
    expect(arithmetic('-', h, h)).toEqual(new RDuration(0n));
    expect(arithmetic('+', t, t)).toBeInstanceOf(RError);
    expect(arithmetic('*', h, 2n)).toBeInstanceOf(RError);
    expect(arithmetic('+', new RTimestamp(253_402_300_799n * NS), h)).toBeInstanceOf(RError);
  });
});

describe('negate', () => {
  // rules.Integer / rules.Float: "can be negated using the - prefix".
  it('ints and floats', () => {
    expect(negate(5n)).toBe(-5n);
    expect(negate(1.5)).toBe(-1.5);
    expect(negate(MIN)).toBeInstanceOf(RError);
    expect(negate('a')).toBeInstanceOf(RError);
  });
});

describe('contains (in)', () => {
  it('lists, sets and map keys', () => {
    // rules.List: 'a' in ['a','b'] == true
    expect(contains(['a', 'b'], 'a')).toBe(true);
    expect(contains([1n], 1.0)).toBe(true);
    expect(contains(['a'], 'c')).toBe(false);
    // rules.Set: 'a' in ['a','b'].toSet() == true
    expect(contains(new RSet(['a', 'b']), 'a')).toBe(true);
    // rules.Map: "k in x: Check if key k exists in map x"
    expect(contains(new RMap({ k: null }), 'k')).toBe(true);
    expect(contains(new RMap({}), 'k')).toBe(false);
    expect(contains(new RMap({}), 1n)).toBeInstanceOf(RError);
    expect(contains('abc', 'a')).toBeInstanceOf(RError);
  });
});

describe('index (x[k])', () => {
  it('list by int; negative and past the end are errors', () => {
    // rules.List: "x[i]: Index operator, get value index i"
    expect(index(['a', 'b'], 1n)).toBe('b');
    expect(index(['a', 'b'], -1n)).toBeInstanceOf(RError);
    expect(index(['a', 'b'], 2n)).toBeInstanceOf(RError);
    expect(index(['a'], 0.0)).toBeInstanceOf(RError);
  });

  it('map by string key; a missing key is an error', () => {
    // rules.Map: "x[k]: Index operator, get value at key name k"
    expect(index(new RMap({ k: 1n }), 'k')).toBe(1n);
    expect(index(new RMap({}), 'k')).toBeInstanceOf(RError);
    expect(index(new RMap({}), 1n)).toBeInstanceOf(RError);
  });

  it('string by int is one character', () => {
    // rules.String: mystring[0] == 'a'
    expect(index('abc', 0n)).toBe('a');
    expect(index('😀b', 1n)).toBe('b');
    expect(index('abc', 3n)).toBeInstanceOf(RError);
  });

  it('path by int is a segment', () => {
    // rules.Path: "x[i]: Index operator, get value at numeric index i"
    expect(index(new RPath(['users', 'u1']), 1n)).toBe('u1');
    expect(index(new RPath(['users']), 1n)).toBeInstanceOf(RError);
    expect(index(1n, 0n)).toBeInstanceOf(RError);
  });
});

describe('slice (x[i:j])', () => {
  it('lists and strings; j is exclusive', () => {
    // rules.List: "x[i:j]: Range operator, get sublist from index i to j"
    expect(slice(['a', 'b', 'c'], 1n, 3n)).toEqual(['b', 'c']);
    expect(slice(['a', 'b', 'c'], undefined, 1n)).toEqual(['a']);
    expect(slice(['a', 'b', 'c'], 2n)).toEqual(['c']);
    // rules.String: mystring[0:3] == 'abc' ("the upper bound in the range operator, is not inclusive")
    expect(slice('abcdef', 0n, 3n)).toBe('abc');
    expect(slice('abc', 1n, 1n)).toBe('');
    expect(slice('abc', 2n, 1n)).toBeInstanceOf(RError);
    expect(slice('abc', 0n, 4n)).toBeInstanceOf(RError);
    expect(slice(['a'], -1n)).toBeInstanceOf(RError);
    expect(slice(['a'], 0.0)).toBeInstanceOf(RError);
    expect(slice(new RMap({}), 0n)).toBeInstanceOf(RError);
  });
});
