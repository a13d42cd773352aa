// Shared checks for the standard library: every misuse becomes an RError value, never an exception,
// so the evaluator can let `&&` and `||` absorb it as the language specifies.
import { RError, RSet, typeName } from '../values.ts';
import type { RValue, Result } from '../values.ts';

export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;

export const fail = (message: string): RError => new RError(message);

/** The int itself, or an overflow error: rules ints are signed 64-bit. */
export function int64(v: bigint): bigint | RError {
  return v < INT64_MIN || v > INT64_MAX ? fail('Integer overflow.') : v;
}

/** An error unless `args` has exactly `n` values. */
export function arity(name: string, args: readonly RValue[], n: number): RError | undefined {
  return args.length === n
    ? undefined
    : fail(
        `${name}() takes ${String(n)} argument${n === 1 ? '' : 's'}, got ${String(args.length)}.`,
      );
}

export const wrongType = (name: string, expected: string, got: RValue): RError =>
  fail(`${name}() expects ${expected}, got ${typeName(got)}.`);

export const isList = (v: RValue): v is readonly RValue[] => Array.isArray(v);

/** The items of a list or a set, for the methods that accept either. */
export function items(v: RValue): readonly RValue[] | undefined {
  if (Array.isArray(v)) return v as readonly RValue[];
  if (v instanceof RSet) return v.items;
  return undefined;
}

/** Strings count and index by code point, as the rules language counts characters. */
export const codePoints = (s: string): string[] => Array.from(s);

export type Method<T> = (receiver: T, args: readonly RValue[]) => Result;
