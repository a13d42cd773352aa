// rules.Set methods (firebase.google.com/docs/reference/rules/rules.Set).
import { RError, RSet } from '../values.ts';
import type { RValue } from '../values.ts';
import { arity, items, wrongType } from './util.ts';
import type { Method } from './util.ts';

/** hasAll/hasAny/hasOnly take "the comparison set or list"; the set algebra takes a set. */
function operand(name: string, args: readonly RValue[], listToo: boolean): RSet | RError {
  const bad = arity(name, args, 1);
  if (bad) return bad;
  const arg = args[0] as RValue;
  if (arg instanceof RSet) return arg;
  if (listToo && Array.isArray(arg)) return new RSet(items(arg) ?? []);
  return wrongType(name, listToo ? 'a set or a list' : 'a set', arg);
}

export const setMethods: Record<string, Method<RSet>> = {
  // The reference's example: ['a','b'].toSet().difference(['a','c'].toSet()) == ['b'].toSet().
  difference: (set, args) => {
    const o = operand('difference', args, false);
    return o instanceof RError ? o : new RSet(set.items.filter((v) => !o.has(v)));
  },
  intersection: (set, args) => {
    const o = operand('intersection', args, false);
    return o instanceof RError ? o : new RSet(set.items.filter((v) => o.has(v)));
  },
  union: (set, args) => {
    const o = operand('union', args, false);
    return o instanceof RError ? o : new RSet([...set.items, ...o.items]);
  },
  hasAll: (set, args) => {
    const o = operand('hasAll', args, true);
    return o instanceof RError ? o : o.items.every((v) => set.has(v));
  },
  hasAny: (set, args) => {
    const o = operand('hasAny', args, true);
    return o instanceof RError ? o : o.items.some((v) => set.has(v));
  },
  hasOnly: (set, args) => {
    const o = operand('hasOnly', args, true);
    return o instanceof RError ? o : set.items.every((v) => o.has(v));
  },
  size: (set, args) => arity('size', args, 0) ?? BigInt(set.items.length),
};
