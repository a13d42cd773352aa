// The operators on values: arithmetic, negation, `in`, `x[k]` and `x[i:j]`.
import {
  RDuration,
  RError,
  RMap,
  RPath,
  RSet,
  RTimestamp,
  typeName,
  valuesEqual,
} from '../values.ts';
import type { RValue, Result } from '../values.ts';
import { duration, timestamp } from './time.ts';
import { codePoints, fail, int64 } from './util.ts';

export type ArithmeticOp = '+' | '-' | '*' | '/' | '%';

const unsupported = (op: string, a: RValue, b: RValue): RError =>
  fail(`Unsupported operation: ${typeName(a)} ${op} ${typeName(b)}.`);

function integer(op: ArithmeticOp, a: bigint, b: bigint): Result {
  switch (op) {
    case '+':
      return int64(a + b);
    case '-':
      return int64(a - b);
    case '*':
      return int64(a * b);
    case '/':
      // Truncates toward zero; MIN / -1 overflows.
      return b === 0n ? fail('Division by zero.') : int64(a / b);
    case '%':
      // The remainder takes the dividend's sign, as with C, Java and CEL.
      return b === 0n ? fail('Modulo by zero.') : a % b;
  }
}

function float(op: ArithmeticOp, x: number, y: number): Result {
  switch (op) {
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    // A zero divisor is an error for floats too, rather than IEEE's ±Infinity or NaN: a rule
    // dividing by a field that is 0 is denied instead of comparing against an infinity.
    case '/':
      return y === 0 ? fail('Division by zero.') : x / y;
    case '%':
      return y === 0 ? fail('Modulo by zero.') : x % y;
  }
}

/**
 * `a op b`. Ints are 64-bit and overflow is an error; "Integer values will be coerced to type
 * rules.Float when used in comparison or arithmetic operations with a float value" (rules.Integer),
 * so unlike CEL an int and a float mix into a float. `+` also joins strings and lists; timestamps
 * and durations add and subtract as time does.
 */
export function arithmetic(op: ArithmeticOp, a: RValue, b: RValue): Result {
  if (typeof a === 'bigint' && typeof b === 'bigint') return integer(op, a, b);
  if (
    (typeof a === 'bigint' || typeof a === 'number') &&
    (typeof b === 'bigint' || typeof b === 'number')
  )
    return float(op, Number(a), Number(b));
  if (op === '+') {
    if (typeof a === 'string' && typeof b === 'string') return a + b;
    if (Array.isArray(a) && Array.isArray(b))
      return [...(a as readonly RValue[]), ...(b as readonly RValue[])];
    if (a instanceof RTimestamp && b instanceof RDuration) return timestamp(a.nanos + b.nanos);
    if (a instanceof RDuration && b instanceof RTimestamp) return timestamp(a.nanos + b.nanos);
    if (a instanceof RDuration && b instanceof RDuration) return duration(a.nanos + b.nanos);
  }
  if (op === '-') {
    if (a instanceof RTimestamp && b instanceof RDuration) return timestamp(a.nanos - b.nanos);
    if (a instanceof RTimestamp && b instanceof RTimestamp) return duration(a.nanos - b.nanos);
    if (a instanceof RDuration && b instanceof RDuration) return duration(a.nanos - b.nanos);
  }
  return unsupported(op, a, b);
}

/** `-a`: "Integers can be negated using the - prefix", and floats likewise. */
export function negate(a: RValue): Result {
  if (typeof a === 'bigint') return int64(-a);
  if (typeof a === 'number') return -a;
  return fail(`Unsupported operation: -${typeName(a)}.`);
}

/** `item in container`: a list's or set's values, a map's keys. */
export function contains(container: RValue, item: RValue): Result {
  if (Array.isArray(container))
    return (container as readonly RValue[]).some((v) => valuesEqual(v, item));
  if (container instanceof RSet) return container.has(item);
  if (container instanceof RMap) {
    // "Keys must be of type rules.String": asking for another type is a type error, not false.
    if (typeof item !== 'string') return fail(`Map keys are strings, not ${typeName(item)}.`);
    return container.has(item);
  }
  return fail(`Unsupported operation: ${typeName(item)} in ${typeName(container)}.`);
}

function position(i: RValue, size: number, what: string): number | RError {
  if (typeof i !== 'bigint') return fail(`${what} index must be an int, not ${typeName(i)}.`);
  if (i < 0n || i >= BigInt(size))
    return fail(`Index ${String(i)} out of range for ${what} of size ${String(size)}.`);
  return Number(i);
}

/** `x[k]`: a list's, string's or path's item at an int, a map's value at a string key. */
export function index(receiver: RValue, key: RValue): Result {
  if (Array.isArray(receiver)) {
    const list = receiver as readonly RValue[];
    const i = position(key, list.length, 'list');
    return i instanceof RError ? i : (list[i] ?? null);
  }
  if (typeof receiver === 'string') {
    // "Sub-strings can be accessed using the index operator []" (rules.String): one character.
    const chars = codePoints(receiver);
    const i = position(key, chars.length, 'string');
    return i instanceof RError ? i : (chars[i] ?? '');
  }
  if (receiver instanceof RMap) {
    if (typeof key !== 'string') return fail(`Map keys are strings, not ${typeName(key)}.`);
    return receiver.get(key);
  }
  if (receiver instanceof RPath) {
    // x[i] is a segment; x[f], a binding by name, belongs to the evaluator that knows the match.
    const i = position(key, receiver.segments.length, 'path');
    return i instanceof RError ? i : (receiver.segments[i] ?? '');
  }
  return fail(`Cannot index ${typeName(receiver)} with ${typeName(key)}.`);
}

/** `x[i:j]` on lists and strings: j is exclusive, either bound may be absent, none may stray out. */
export function slice(receiver: RValue, from?: RValue, to?: RValue): Result {
  const whole: readonly RValue[] | string[] | undefined = Array.isArray(receiver)
    ? (receiver as readonly RValue[])
    : typeof receiver === 'string'
      ? codePoints(receiver)
      : undefined;
  if (!whole) return fail(`Cannot slice ${typeName(receiver)}.`);
  const size = BigInt(whole.length);
  const start = from ?? 0n;
  const end = to ?? size;
  if (typeof start !== 'bigint' || typeof end !== 'bigint')
    return fail('Range bounds must be ints.');
  if (start < 0n || end > size || start > end)
    return fail(`Range [${String(start)}:${String(end)}] out of range for size ${String(size)}.`);
  const part = whole.slice(Number(start), Number(end));
  return typeof receiver === 'string' ? (part as string[]).join('') : part;
}
