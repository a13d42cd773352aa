// rules.Map and rules.MapDiff methods (firebase.google.com/docs/reference/rules/rules.Map,
// .../rules.MapDiff).
import { RMap, RMapDiff, RSet, valuesEqual } from '../values.ts';
import type { RValue, Result } from '../values.ts';
import { arity, wrongType } from './util.ts';
import type { Method } from './util.ts';

/** `get(key, default)`: a string key, or a list of keys walking into nested maps. */
function get(map: RMap, args: readonly RValue[]): Result {
  const bad = arity('get', args, 2);
  if (bad) return bad;
  const [key, fallback] = args as [RValue, RValue];
  const path =
    typeof key === 'string' ? [key] : Array.isArray(key) ? (key as readonly RValue[]) : undefined;
  if (!path) return wrongType('get', 'a string or a list of strings as the key', key);
  if (path.length === 0) return wrongType('get', 'a non-empty list of keys', key);
  let current: RValue = map;
  for (const k of path) {
    if (typeof k !== 'string') return wrongType('get', 'a list of strings as the key', k);
    // A missing key, or a step into something that is not a map, yields the default.
    if (!(current instanceof RMap) || !current.has(k)) return fallback;
    current = current.entries.get(k) ?? null;
  }
  return current;
}

export const mapMethods: Record<string, Method<RMap>> = {
  diff: (map, args) => {
    const bad = arity('diff', args, 1);
    if (bad) return bad;
    const other = args[0] as RValue;
    return other instanceof RMap ? new RMapDiff(map, other) : wrongType('diff', 'a map', other);
  },
  get,
  keys: (map, args) => arity('keys', args, 0) ?? map.keys(),
  values: (map, args) => arity('values', args, 0) ?? [...map.entries.values()],
  size: (map, args) => arity('size', args, 0) ?? BigInt(map.entries.size),
};

/** Keys in both maps whose values are (un)equal. */
function common(d: RMapDiff, equal: boolean): string[] {
  return d.after.keys().filter((k) => {
    if (!d.before.has(k)) return false;
    return valuesEqual(d.after.entries.get(k) ?? null, d.before.entries.get(k) ?? null) === equal;
  });
}

const added = (d: RMapDiff): string[] => d.after.keys().filter((k) => !d.before.has(k));
const removed = (d: RMapDiff): string[] => d.before.keys().filter((k) => !d.after.has(k));

// The map calling diff() is `after`, the argument `before`: {"a":1}.diff({}).addedKeys() == ["a"].
export const mapDiffMethods: Record<string, Method<RMapDiff>> = {
  addedKeys: (d, args) => arity('addedKeys', args, 0) ?? new RSet(added(d)),
  removedKeys: (d, args) => arity('removedKeys', args, 0) ?? new RSet(removed(d)),
  changedKeys: (d, args) => arity('changedKeys', args, 0) ?? new RSet(common(d, false)),
  unchangedKeys: (d, args) => arity('unchangedKeys', args, 0) ?? new RSet(common(d, true)),
  affectedKeys: (d, args) =>
    arity('affectedKeys', args, 0) ?? new RSet([...added(d), ...removed(d), ...common(d, false)]),
};
