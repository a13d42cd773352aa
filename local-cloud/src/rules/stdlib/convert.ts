// The conversions int(), float() and string() (firebase.google.com/docs/reference/rules/rules.Integer,
// rules.Float, rules.String).
import type { RValue, Result } from '../values.ts';
import { arity, fail, int64, wrongType } from './util.ts';

const INTEGER = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const SPECIAL: Record<string, number> = {
  NaN: NaN,
  Infinity: Infinity,
  '+Infinity': Infinity,
  '-Infinity': -Infinity,
};

/** int("2") == 2, int(2.0) == 2: floats truncate toward zero; other strings are errors. */
export function toInt(args: readonly RValue[]): Result {
  const bad = arity('int', args, 1);
  if (bad) return bad;
  const v = args[0] as RValue;
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return fail(`int(): ${String(v)} has no integer value.`);
    return int64(BigInt(Math.trunc(v)));
  }
  if (typeof v === 'string') {
    if (!INTEGER.test(v)) return fail(`int(): ${JSON.stringify(v)} is not an integer.`);
    return int64(BigInt(v));
  }
  return wrongType('int', 'a string or a number', v);
}

/** float("2.2") == 2.2, float(2) == 2.0. */
export function toFloat(args: readonly RValue[]): Result {
  const bad = arity('float', args, 1);
  if (bad) return bad;
  const v = args[0] as RValue;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string') {
    const special = SPECIAL[v];
    if (special !== undefined) return special;
    if (!FLOAT.test(v)) return fail(`float(): ${JSON.stringify(v)} is not a number.`);
    return Number(v);
  }
  return wrongType('float', 'a string or a number', v);
}

/** A float as rules print it: string(2.0) == "2.0". */
export function formatFloat(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e21) return Object.is(v, -0) ? '-0.0' : v.toFixed(1);
  return String(v);
}

/** string(true) == "true", string(1) == "1", string(2.0) == "2.0", string(null) == "null". */
export function toStringValue(args: readonly RValue[]): Result {
  const bad = arity('string', args, 1);
  if (bad) return bad;
  const v = args[0] as RValue;
  if (v === null) return 'null';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (typeof v === 'number') return formatFloat(v);
  return wrongType('string', 'a bool, number, string or null', v);
}
