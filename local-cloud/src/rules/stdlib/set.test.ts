import { describe, expect, it } from 'vitest';
import { RError, RSet, valuesEqual } from '../values.ts';
import type { RValue } from '../values.ts';
import { callMethod } from './index.ts';

// Reference: https://firebase.google.com/docs/reference/rules/rules.Set
const set = (...items: RValue[]) => new RSet(items);
const call = (s: RSet, name: string, ...args: RValue[]) => callMethod(s, name, args);
const same = (a: unknown, b: RSet) => valuesEqual(a as RValue, b);

describe('rules.Set', () => {
  it('difference: "returns a set containing the elements ... not in the specified set"', () => {
    // ['a','b'].toSet().difference(['a','c'].toSet()) == ['b'].toSet()
    expect(same(call(set('a', 'b'), 'difference', set('a', 'c')), set('b'))).toBe(true);
    // "If the sets are identical, returns an empty set"
    expect(same(call(set('a'), 'difference', set('a')), set())).toBe(true);
    expect(call(set('a'), 'difference', 'a')).toBeInstanceOf(RError);
  });

  it('hasAll: "whether the calling set contains all the items of the comparison set or list"', () => {
    // ['a','b'].toSet().hasAll(['a','c']) == false; ['d','e','f'].toSet().hasAll(['d','e']) == true
    expect(call(set('a', 'b'), 'hasAll', ['a', 'c'])).toBe(false);
    expect(call(set('d', 'e', 'f'), 'hasAll', ['d', 'e'])).toBe(true);
    expect(call(set('a'), 'hasAll', 'a')).toBeInstanceOf(RError);
  });

  it('hasAny: "contains any of the items in the set or list passed to hasAny()"', () => {
    // ['a','b'].toSet().hasAny(['c','d'].toSet()) == false; ...hasAny(['a','c'].toSet()) == true
    expect(call(set('a', 'b'), 'hasAny', set('c', 'd'))).toBe(false);
    expect(call(set('a', 'b'), 'hasAny', set('a', 'c'))).toBe(true);
    expect(call(set('a'), 'hasAny')).toBeInstanceOf(RError);
  });

  it('hasOnly: "contains only the items in the comparison set or list"', () => {
    // ['a','b'].toSet().hasOnly(['a','c']) == false; ['a','b'].toSet().hasOnly(['a','b']) == true
    expect(call(set('a', 'b'), 'hasOnly', ['a', 'c'])).toBe(false);
    expect(call(set('a', 'b'), 'hasOnly', ['a', 'b'])).toBe(true);
    expect(call(set('a'), 'hasOnly', null)).toBeInstanceOf(RError);
  });

  it('intersection: "a set containing the elements the sets have in common"', () => {
    expect(same(call(set('a', 'b'), 'intersection', set('a', 'c')), set('a'))).toBe(true);
    expect(call(set('a'), 'intersection', ['a'])).toBeInstanceOf(RError);
  });

  it('size: "Returns the size of the set"', () => {
    // ['a','b'].toSet().size() == 2
    expect(call(set('a', 'b'), 'size')).toBe(2n);
    expect(call(set(), 'size', 1n)).toBeInstanceOf(RError);
  });

  it('union: the elements of either set', () => {
    expect(same(call(set('a', 'b'), 'union', set('a', 'c')), set('a', 'b', 'c'))).toBe(true);
    expect(call(set('a'), 'union', 1n)).toBeInstanceOf(RError);
  });
});
