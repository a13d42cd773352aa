import { invalid } from './errors.ts';
import { getField } from './field-path.ts';
import { fieldRef } from './query-plan.ts';
import type { _google_firestore_v1_StructuredAggregationQuery_Aggregation__Output as Aggregation } from '../generated/google/firestore/v1/StructuredAggregationQuery.ts';
import type { StoredDoc } from './stored-doc.ts';
import type { Value__Output as Value } from '../generated/google/firestore/v1/Value.ts';
import { INT64, NULL, kindOf } from './values.ts';

const MAX_AGGREGATIONS = 5;

export function validateAggregations(aggs: Aggregation[]): void {
  if (aggs.length === 0) throw invalid('An aggregation query needs at least one aggregation.');
  if (aggs.length > MAX_AGGREGATIONS)
    throw invalid(`An aggregation query supports at most ${MAX_AGGREGATIONS} aggregations.`);
  const aliases = new Set<string>();
  for (const a of aggs) {
    const alias = a.alias ?? '';
    if (alias === '') throw invalid('Every aggregation needs an alias.');
    if (aliases.has(alias)) throw invalid(`Duplicate aggregation alias '${alias}'.`);
    aliases.add(alias);
    if (!a.count && !a.sum && !a.avg) throw invalid('Unsupported aggregation operator.');
    if (a.sum) fieldRef(a.sum.field?.fieldPath);
    if (a.avg) fieldRef(a.avg.field?.fieldPath);
    const upTo = a.count?.upTo?.value;
    if (upTo !== undefined && Number(upTo) < 0) throw invalid('count up_to must be non-negative.');
  }
}

/**
 * Computes count, sum and avg: non-numeric values are skipped; NaN propagates. As in production,
 * a request's aggregations all run over the documents that have every field any of them sums or
 * averages (whatever its value's type), so `count()` beside `sum('pages')` counts only documents
 * with `pages` (Firestore docs, "Aggregation queries": multiple aggregations include only the
 * documents that contain all the fields used).
 */
export function aggregate(aggs: Aggregation[], all: StoredDoc[]): Record<string, Value> {
  const fields = aggs.flatMap((a) => {
    const path = a.sum?.field?.fieldPath ?? a.avg?.field?.fieldPath;
    return path === undefined ? [] : [fieldRef(path).segments];
  });
  const docs = all.filter((d) => fields.every((segments) => getField(d.fields, segments)));
  const out: Record<string, Value> = {};
  for (const a of aggs) {
    const alias = a.alias ?? '';
    if (a.count) {
      const upTo = a.count.upTo?.value;
      const n = upTo === undefined ? docs.length : Math.min(docs.length, Number(upTo));
      out[alias] = { integerValue: String(n) };
    } else if (a.sum) {
      out[alias] = sum(numbers(docs, a.sum.field?.fieldPath));
    } else if (a.avg) {
      const values = numbers(docs, a.avg.field?.fieldPath);
      if (values.length === 0) out[alias] = NULL;
      else {
        const total = values.reduce((s, v) => s + toDouble(v), 0);
        out[alias] = { doubleValue: total / values.length };
      }
    }
  }
  return out;
}

function numbers(docs: StoredDoc[], path: string | undefined): Value[] {
  const segments = fieldRef(path).segments;
  const out: Value[] = [];
  for (const d of docs) {
    const v = getField(d.fields, segments);
    if (v && (kindOf(v) === 'integer' || kindOf(v) === 'double')) out.push(v);
  }
  return out;
}

const toDouble = (v: Value): number =>
  v.integerValue !== undefined ? Number(v.integerValue) : (v.doubleValue ?? 0);

// Integers sum exactly while they fit in int64; a double operand or an overflow makes it a double.
function sum(values: Value[]): Value {
  let exact = 0n;
  let allInts = true;
  for (const v of values) {
    if (v.integerValue === undefined) {
      allInts = false;
      break;
    }
    exact += BigInt(v.integerValue);
  }
  if (allInts && exact >= INT64.min && exact <= INT64.max)
    return { integerValue: exact.toString() };
  return { doubleValue: values.reduce((s, v) => s + toDouble(v), 0) };
}
