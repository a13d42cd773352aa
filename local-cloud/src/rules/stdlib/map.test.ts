import { describe, expect, it } from 'vitest';
import { RError, RMap, RMapDiff, RSet, valuesEqual } from '../values.ts';
import type { RValue } from '../values.ts';
import { callMethod } from './index.ts';

// References: https://firebase.google.com/docs/reference/rules/rules.Map
// and https://firebase.google.com/docs/reference/rules/rules.MapDiff
const map = (o: Record<string, RValue>) => new RMap(o);
// diff() returns a Result; the MapDiff methods take it as their receiver.
const call = (r: RValue | RError, name: string, ...args: RValue[]) =>
  callMethod(r as RValue, name, args);
const keys = (r: unknown, ...k: string[]) => valuesEqual(r as RValue, new RSet(k));

describe('rules.Map', () => {
  it('diff: "Return a rules.MapDiff representing the result of comparing the current Map"', () => {
    expect(call(map({ a: 1n }), 'diff', map({}))).toBeInstanceOf(RMapDiff);
    // "Value must not be null."
    expect(call(map({}), 'diff', null)).toBeInstanceOf(RError);
  });

  it('get: "Returns the value associated with a given search key string"', () => {
    // {"a": 3,"b": 2}.get("c", 7) == 7
    expect(call(map({ a: 3n, b: 2n }), 'get', 'c', 7n)).toBe(7n);
    // {"a": [2, 7],"b": [9, 12]}.get("b", [1, 1]) == [9, 12]
    expect(call(map({ a: [2n, 7n], b: [9n, 12n] }), 'get', 'b', [1n, 1n])).toEqual([9n, 12n]);
    // {"a": {"b": 1},"c": 2}.get(["a", "b"], 7) == 1
    expect(call(map({ a: map({ b: 1n }), c: 2n }), 'get', ['a', 'b'], 7n)).toBe(1n);
    expect(call(map({ a: map({ b: 1n }) }), 'get', ['a', 'x'], 7n)).toBe(7n);
    expect(call(map({ a: 1n }), 'get', ['a', 'b'], 7n)).toBe(7n);
    expect(call(map({ a: null }), 'get', 'a', 7n)).toBe(null);
    // "The function requires a default value"
    expect(call(map({ a: 1n }), 'get', 'a')).toBeInstanceOf(RError);
    expect(call(map({ a: 1n }), 'get', 1n, 0n)).toBeInstanceOf(RError);
    expect(call(map({ a: 1n }), 'get', ['a', 1n], 0n)).toBeInstanceOf(RError);
  });

  it('keys: "Get the list of keys in the map"', () => {
    expect(call(map({ a: 1n, b: 2n }), 'keys')).toEqual(['a', 'b']);
    expect(call(map({}), 'keys', 'a')).toBeInstanceOf(RError);
  });

  it('size: "Get the number of entries in the map"', () => {
    expect(call(map({ a: 1n, b: 2n }), 'size')).toBe(2n);
    expect(call(map({}), 'size', 1n)).toBeInstanceOf(RError);
  });

  it('values: "Get the list of values in the map"', () => {
    expect(call(map({ a: 1n, b: 'x' }), 'values')).toEqual([1n, 'x']);
    expect(call(map({}), 'values', 1n)).toBeInstanceOf(RError);
  });
});

describe('rules.MapDiff', () => {
  const diff = (a: Record<string, RValue>, b: Record<string, RValue>) =>
    call(map(a), 'diff', map(b));

  it('addedKeys: "keys that the Map calling diff() contains that the Map passed to diff() does not"', () => {
    // {"a":1}.diff({}).addedKeys() == ["a"].toSet()
    expect(keys(call(diff({ a: 1n }, {}), 'addedKeys'), 'a')).toBe(true);
    expect(call(diff({}, {}), 'addedKeys', 1n)).toBeInstanceOf(RError);
  });

  it('affectedKeys: "keys that have been added to, removed from or modified"', () => {
    // ({"a":0, "c":0, "u":0}).diff({"r":0, "c":1, "u": 0}).affectedKeys() == ["a", "r", "c"].toSet()
    const d = diff({ a: 0n, c: 0n, u: 0n }, { r: 0n, c: 1n, u: 0n });
    expect(keys(call(d, 'affectedKeys'), 'a', 'r', 'c')).toBe(true);
    expect(call(d, 'affectedKeys', 'x')).toBeInstanceOf(RError);
  });

  it('changedKeys: "keys that appear in both ... but whose values are not equal"', () => {
    // {"a":0}.diff({"a":1, "b":4}).changedKeys() == ["a"].toSet()
    expect(keys(call(diff({ a: 0n }, { a: 1n, b: 4n }), 'changedKeys'), 'a')).toBe(true);
    // 1 and 1.0 are equal values.
    expect(keys(call(diff({ a: 1n }, { a: 1.0 }), 'changedKeys'))).toBe(true);
    expect(call(diff({}, {}), 'changedKeys', 1n)).toBeInstanceOf(RError);
  });

  it('removedKeys: "keys that the Map calling diff() does not contain"', () => {
    // {}.diff({"a":1}).removedKeys() == ["a"].toSet()
    expect(keys(call(diff({}, { a: 1n }), 'removedKeys'), 'a')).toBe(true);
    expect(call(diff({}, {}), 'removedKeys', 1n)).toBeInstanceOf(RError);
  });

  it('unchangedKeys: "keys that appear in both ... and whose values are equal"', () => {
    // {"a": 0}.diff({"a":0}).unchangedKeys() == ["a"].toSet()
    expect(keys(call(diff({ a: 0n }, { a: 0n }), 'unchangedKeys'), 'a')).toBe(true);
    expect(
      keys(call(diff({ a: map({ x: [1n] }) }, { a: map({ x: [1n] }) }), 'unchangedKeys'), 'a'),
    ).toBe(true);
    expect(call(diff({}, {}), 'unchangedKeys', 1n)).toBeInstanceOf(RError);
  });
});
