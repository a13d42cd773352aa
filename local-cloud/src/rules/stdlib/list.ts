// rules.List methods (firebase.google.com/docs/reference/rules/rules.List).
import { RError, RSet, valuesEqual } from '../values.ts';
import type { RValue } from '../values.ts';
import { arity, items, wrongType } from './util.ts';
import type { Method } from './util.ts';

const has = (list: readonly RValue[], v: RValue): boolean => list.some((x) => valuesEqual(x, v));

/** The single list (or set) argument of a comparison method. */
function other(name: string, args: readonly RValue[]): readonly RValue[] | RError {
  const bad = arity(name, args, 1);
  if (bad) return bad;
  const arg = args[0] as RValue;
  return items(arg) ?? wrongType(name, 'a list', arg);
}

export const listMethods: Record<string, Method<readonly RValue[]>> = {
  concat: (list, args) => {
    const bad = arity('concat', args, 1);
    if (bad) return bad;
    const arg = args[0] as RValue;
    return Array.isArray(arg)
      ? [...list, ...(arg as readonly RValue[])]
      : wrongType('concat', 'a list', arg);
  },
  hasAll: (list, args) => {
    const o = other('hasAll', args);
    return o instanceof RError ? o : o.every((v) => has(list, v));
  },
  hasAny: (list, args) => {
    const o = other('hasAny', args);
    return o instanceof RError ? o : o.some((v) => has(list, v));
  },
  hasOnly: (list, args) => {
    const o = other('hasOnly', args);
    return o instanceof RError ? o : list.every((v) => has(o, v));
  },
  join: (list, args) => {
    const bad = arity('join', args, 1);
    if (bad) return bad;
    const sep = args[0] as RValue;
    if (typeof sep !== 'string') return wrongType('join', 'a string separator', sep);
    for (const v of list)
      if (typeof v !== 'string') return wrongType('join', 'a list of strings', v);
    return (list as string[]).join(sep);
  },
  removeAll: (list, args) => {
    const o = other('removeAll', args);
    return o instanceof RError ? o : list.filter((v) => !has(o, v));
  },
  size: (list, args) => arity('size', args, 0) ?? BigInt(list.length),
  toSet: (list, args) => arity('toSet', args, 0) ?? new RSet(list),
};
