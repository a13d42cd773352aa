// The rules standard library: methods by receiver type, namespaced and global functions, and the
// operators. Pure functions over RValues; every misuse is an RError, none throws.
import {
  RDuration,
  RError,
  RLatLng,
  RMap,
  RMapDiff,
  RPath,
  RSet,
  RTimestamp,
  typeName,
} from '../values.ts';
import type { RValue, Result } from '../values.ts';
import { bytesMethods } from './bytes.ts';
import { toFloat, toInt, toStringValue } from './convert.ts';
import { geoFunctions, latLngMethods } from './geo.ts';
import { hashingFunctions } from './hashing.ts';
import { listMethods } from './list.ts';
import { mapDiffMethods, mapMethods } from './map.ts';
import { mathFunctions } from './math.ts';
import { pathFromString, pathMethods } from './path.ts';
import { setMethods } from './set.ts';
import { stringMethods } from './string.ts';
import { durationMethods, timeFunctions, timestampMethods } from './time.ts';
import type { Method } from './util.ts';

export { arithmetic, contains, index, negate, slice } from './operators.ts';
export type { ArithmeticOp } from './operators.ts';

function dispatch<T>(
  table: Record<string, Method<T>>,
  receiver: T,
  name: string,
  args: readonly RValue[],
): Result {
  const method = Object.hasOwn(table, name) ? table[name] : undefined;
  return method
    ? method(receiver, args)
    : new RError(`Function not found error: Name: [${name}] on ${typeName(receiver as RValue)}.`);
}

/** `receiver.name(args)`. */
export function callMethod(receiver: RValue, name: string, args: readonly RValue[]): Result {
  if (typeof receiver === 'string') return dispatch(stringMethods, receiver, name, args);
  if (Array.isArray(receiver))
    return dispatch(listMethods, receiver as readonly RValue[], name, args);
  if (receiver instanceof RMap) return dispatch(mapMethods, receiver, name, args);
  if (receiver instanceof RMapDiff) return dispatch(mapDiffMethods, receiver, name, args);
  if (receiver instanceof RSet) return dispatch(setMethods, receiver, name, args);
  if (receiver instanceof RTimestamp) return dispatch(timestampMethods, receiver, name, args);
  if (receiver instanceof RDuration) return dispatch(durationMethods, receiver, name, args);
  if (receiver instanceof RLatLng) return dispatch(latLngMethods, receiver, name, args);
  if (receiver instanceof Uint8Array) return dispatch(bytesMethods, receiver, name, args);
  if (receiver instanceof RPath) return dispatch(pathMethods, receiver, name, args);
  return new RError(`Function not found error: Name: [${name}] on ${typeName(receiver)}.`);
}

const FUNCTIONS: Record<string, (args: readonly RValue[]) => Result> = {
  int: toInt,
  float: toFloat,
  string: toStringValue,
  path: pathFromString,
  ...mathFunctions,
  ...hashingFunctions,
  ...timeFunctions,
  ...geoFunctions,
};

/** `name(args)` for the global and namespaced functions, e.g. 'int', 'math.abs', 'duration.value'. */
export function callFunction(qualifiedName: string, args: readonly RValue[]): Result {
  const f = Object.hasOwn(FUNCTIONS, qualifiedName) ? FUNCTIONS[qualifiedName] : undefined;
  return f ? f(args) : new RError(`Function not found error: Name: [${qualifiedName}].`);
}

/** Whether `qualifiedName` is a library function, for the evaluator's name resolution. */
export const isFunction = (qualifiedName: string): boolean =>
  Object.hasOwn(FUNCTIONS, qualifiedName);
