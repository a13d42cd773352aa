import { invalid } from './errors.ts';
import {
  INT64,
  compareValues,
  isNaNValue,
  isNumber,
  kindOf,
  normalizeValue,
  timestampFromMicros,
  valuesEqual,
} from './values.ts';
import type { _google_firestore_v1_DocumentTransform_FieldTransform__Output as FieldTransform } from '../generated/google/firestore/v1/DocumentTransform.ts';
import type { Value__Output as Value } from '../generated/google/firestore/v1/Value.ts';

/** The `transform_type` oneof's cases, which proto-loader names in `transformType`. */
export type TransformKind = NonNullable<FieldTransform['transformType']>;

const KINDS: readonly TransformKind[] = [
  'setToServerValue',
  'increment',
  'maximum',
  'minimum',
  'appendMissingElements',
  'removeAllFromArray',
];

export function transformKind(t: FieldTransform): TransformKind {
  if (t.transformType) return t.transformType;
  const found = KINDS.find((k) => t[k] !== undefined);
  if (!found) throw invalid(`Field transform on '${t.fieldPath ?? ''}' has no transform type.`);
  return found;
}

/** Validates operands up front so a bad transform fails the whole write before anything runs. */
export function validateTransform(t: FieldTransform): void {
  const kind = transformKind(t);
  if (kind === 'setToServerValue') {
    if (t.setToServerValue !== 'REQUEST_TIME') throw invalid('Unsupported server value.');
    return;
  }
  if (kind === 'increment' || kind === 'maximum' || kind === 'minimum') {
    const operand = t[kind];
    if (!operand || !isNumber(normalizeValue(operand)))
      throw invalid(`The ${kind} transform on '${t.fieldPath ?? ''}' needs a numeric operand.`);
    return;
  }
  for (const v of t[kind]?.values ?? []) normalizeValue(v);
}

/** The field's new value after applying `t` to `current` (undefined when the field is absent). */
export function applyTransform(
  t: FieldTransform,
  current: Value | undefined,
  commitMicros: number,
): Value {
  const kind = transformKind(t);
  switch (kind) {
    case 'setToServerValue':
      return { timestampValue: timestampFromMicros(commitMicros) };
    case 'increment':
      return increment(current, normalizeValue(t.increment ?? {}));
    case 'maximum':
      return extremum(current, normalizeValue(t.maximum ?? {}), 1);
    case 'minimum':
      return extremum(current, normalizeValue(t.minimum ?? {}), -1);
    case 'appendMissingElements': {
      const values = [...arrayOf(current)];
      for (const e of (t.appendMissingElements?.values ?? []).map((v) => normalizeValue(v))) {
        if (!values.some((x) => valuesEqual(x, e))) values.push(e);
      }
      return { arrayValue: { values } };
    }
    case 'removeAllFromArray': {
      const remove = (t.removeAllFromArray?.values ?? []).map((v) => normalizeValue(v));
      return {
        arrayValue: {
          values: arrayOf(current).filter((x) => !remove.some((r) => valuesEqual(x, r))),
        },
      };
    }
  }
}

function arrayOf(v: Value | undefined): Value[] {
  return v?.arrayValue ? (v.arrayValue.values ?? []) : [];
}

function asDouble(v: Value): number {
  return v.integerValue !== undefined ? Number(v.integerValue) : (v.doubleValue ?? 0);
}

// Integer + integer saturates at the int64 bounds; any double makes the result a double.
function increment(current: Value | undefined, operand: Value): Value {
  if (!current || !isNumber(current)) return operand;
  if (kindOf(current) === 'integer' && kindOf(operand) === 'integer') {
    const sum = BigInt(current.integerValue ?? 0) + BigInt(operand.integerValue ?? 0);
    const clamped = sum > INT64.max ? INT64.max : sum < INT64.min ? INT64.min : sum;
    return { integerValue: clamped.toString() };
  }
  return { doubleValue: asDouble(current) + asDouble(operand) };
}

// NaN wins both maximum and minimum; when the two compare equal the stored value is kept.
function extremum(current: Value | undefined, operand: Value, direction: 1 | -1): Value {
  if (!current || !isNumber(current)) return operand;
  if (isNaNValue(current)) return current;
  if (isNaNValue(operand)) return operand;
  const c = compareValues(operand, current) * direction;
  return c > 0 ? operand : current;
}
