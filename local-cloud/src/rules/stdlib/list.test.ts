import { describe, expect, it } from 'vitest';
import { RError, RSet } from '../values.ts';
import type { RValue } from '../values.ts';
import { callMethod } from './index.ts';

// Reference: https://firebase.google.com/docs/reference/rules/rules.List
const call = (l: RValue[], name: string, ...args: RValue[]) => callMethod(l, name, args);

describe('rules.List', () => {
  it('concat: "Create a new list by adding the elements of another list to the end"', () => {
    expect(call(['a'], 'concat', ['b', 'c'])).toEqual(['a', 'b', 'c']);
    // "Value must not be null."
    expect(call(['a'], 'concat', null)).toBeInstanceOf(RError);
    expect(call(['a'], 'concat')).toBeInstanceOf(RError);
  });

  it('hasAll: "Determine whether the list contains all elements in another list"', () => {
    expect(call(['a', 'b'], 'hasAll', ['a'])).toBe(true);
    expect(call(['a', 'b'], 'hasAll', ['a', 'c'])).toBe(false);
    expect(call([1n, 2n], 'hasAll', [1.0])).toBe(true);
    expect(call(['a'], 'hasAll', 'a')).toBeInstanceOf(RError);
  });

  it('hasAny: "Determine whether the list contains any element in another list"', () => {
    expect(call(['a', 'b'], 'hasAny', ['c', 'b'])).toBe(true);
    expect(call(['a', 'b'], 'hasAny', ['c'])).toBe(false);
    expect(call(['a'], 'hasAny', null)).toBeInstanceOf(RError);
  });

  it('hasOnly: "Determine whether all elements in the list are present in another list"', () => {
    // The reference's examples.
    expect(call(['a', 'b'], 'hasOnly', ['a', 'c'])).toBe(false);
    expect(call(['a', 'b'], 'hasOnly', ['a', 'b', 'c'])).toBe(true);
    expect(call(['a', 'b'], 'hasOnly', ['b', 'a'])).toBe(true);
    expect(call(['a', 'a', 'b'], 'hasOnly', ['a', 'b', 'b'])).toBe(true);
    expect(call(['a', 'a', 'b'], 'hasOnly', ['a', 'b', 'b', 'c'])).toBe(true);
    expect(call(['a'], 'hasOnly', 1n)).toBeInstanceOf(RError);
  });

  it('join: "Join the elements in the list into a string, with a separator"', () => {
    expect(call(['a', 'b'], 'join', '/')).toBe('a/b');
    expect(call([], 'join', ',')).toBe('');
    expect(call(['a', 1n], 'join', ',')).toBeInstanceOf(RError);
    expect(call(['a'], 'join', 1n)).toBeInstanceOf(RError);
  });

  it('removeAll: "Create a new list by removing the elements of another list from this list"', () => {
    expect(call(['a', 'b', 'a', 'c'], 'removeAll', ['a'])).toEqual(['b', 'c']);
    expect(call(['a'], 'removeAll', 'a')).toBeInstanceOf(RError);
  });

  it('size: "Get the number of values in the list"', () => {
    expect(call(['a', 'b'], 'size')).toBe(2n);
    expect(call([], 'size')).toBe(0n);
    expect(call([], 'size', 1n)).toBeInstanceOf(RError);
  });

  it('toSet: "Returns a set containing all unique elements in the list"', () => {
    const s = call(['a', 'b', 'a'], 'toSet');
    expect(s).toBeInstanceOf(RSet);
    expect((s as RSet).items).toEqual(['a', 'b']);
    expect(call(['a'], 'toSet', ['a'])).toBeInstanceOf(RError);
  });
});
