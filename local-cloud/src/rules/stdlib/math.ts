// The math.* functions (firebase.google.com/docs/reference/rules/rules.math).
import { RError } from '../values.ts';
import type { RValue, Result } from '../values.ts';
import { arity, fail, int64, wrongType } from './util.ts';

type Fn = (args: readonly RValue[]) => Result;

function number(name: string, args: readonly RValue[]): bigint | number | RError {
  const bad = arity(name, args, 1);
  if (bad) return bad;
  const v = args[0] as RValue;
  return typeof v === 'bigint' || typeof v === 'number' ? v : wrongType(name, 'a number', v);
}

/** ceil, floor, round and trunc return rules.Integer: a float must be finite and fit 64 bits. */
const toInteger =
  (name: string, f: (x: number) => number): Fn =>
  (args) => {
    const v = number(`math.${name}`, args);
    if (v instanceof RError || typeof v === 'bigint') return v;
    if (!Number.isFinite(v)) return fail(`math.${name}(): ${String(v)} has no integer value.`);
    return int64(BigInt(f(v)));
  };

const toFloat =
  (name: string, f: (...x: number[]) => number, n = 1): Fn =>
  (args) => {
    const bad = arity(`math.${name}`, args, n);
    if (bad) return bad;
    const xs: number[] = [];
    for (const a of args) {
      if (typeof a !== 'bigint' && typeof a !== 'number')
        return wrongType(`math.${name}`, 'numbers', a);
      xs.push(Number(a));
    }
    return f(...xs);
  };

export const mathFunctions: Record<string, Fn> = {
  // abs(num) "returns number": an int stays an int, a float a float.
  'math.abs': (args) => {
    const v = number('math.abs', args);
    if (v instanceof RError) return v;
    return typeof v === 'bigint' ? int64(v < 0n ? -v : v) : Math.abs(v);
  },
  'math.ceil': toInteger('ceil', Math.ceil),
  'math.floor': toInteger('floor', Math.floor),
  // math.round(2.5) == 3: halves round away from zero.
  'math.round': toInteger('round', (x) => Math.sign(x) * Math.round(Math.abs(x))),
  'math.trunc': toInteger('trunc', Math.trunc),
  'math.isInfinite': (args) => {
    const v = number('math.isInfinite', args);
    return v instanceof RError ? v : typeof v === 'number' && Math.abs(v) === Infinity;
  },
  'math.isNaN': (args) => {
    const v = number('math.isNaN', args);
    return v instanceof RError ? v : typeof v === 'number' && Number.isNaN(v);
  },
  'math.pow': toFloat('pow', Math.pow, 2),
  'math.sqrt': toFloat('sqrt', Math.sqrt),
};
