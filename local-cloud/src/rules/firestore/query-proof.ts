// "Rules are not filters": a list request is judged by its query, not by its results. Each
// disjunct of the query's filters (with `in` and array-contains-any spread into one case per
// value) must make the rules true for any document it could return, so `resource.data.f` is known
// only where an equality filter pins `f`, and `x in resource.data.f` only where an array-contains
// filter does; anything else the condition needs leaves it unproven, and the query is denied.
import type { PlanFilter, QueryPlan } from '../../firestore/data/query-plan.ts';
import type { Value__Output as FirestoreValue } from '../../firestore/generated/google/firestore/v1/Value.ts';
import { RPartialMap, RUnknown } from '../evaluate.ts';
import type { Value } from '../evaluate.ts';
import { RError, RMap } from '../values.ts';
import { fromFirestore } from './values.ts';

/** More cases than this and the query is refused rather than proven case by case. */
const MAX_CASES = 100;

interface Known {
  equals?: FirestoreValue;
  contains: FirestoreValue[];
}

type Conjunction = readonly Extract<PlanFilter, { kind: 'field' | 'unary' }>[];

function disjuncts(f: PlanFilter | undefined): Conjunction[] {
  if (!f) return [[]];
  if (f.kind === 'or') return f.filters.flatMap(disjuncts);
  if (f.kind === 'and') {
    let acc: Conjunction[] = [[]];
    for (const part of f.filters) {
      const next: Conjunction[] = [];
      for (const a of acc) for (const b of disjuncts(part)) next.push([...a, ...b]);
      acc = next;
    }
    return acc;
  }
  return [[f]];
}

/** `in` and array-contains-any filters become one case per value. */
function spread(conj: Conjunction): Conjunction[] {
  let cases: Conjunction[] = [[]];
  for (const f of conj) {
    if (f.kind === 'field' && (f.op === 'IN' || f.op === 'ARRAY_CONTAINS_ANY')) {
      const op = f.op === 'IN' ? 'EQUAL' : 'ARRAY_CONTAINS';
      const values = f.value.arrayValue?.values ?? [];
      cases = cases.flatMap((c) =>
        values.map((value) => [...c, { ...f, op, value }] as Conjunction),
      );
    } else {
      cases = cases.map((c) => [...c, f]);
    }
  }
  return cases;
}

function knowledge(conj: Conjunction): Map<string, Known> {
  const known = new Map<string, Known>();
  for (const f of conj) {
    if (f.kind !== 'field' || f.field.isName) continue;
    const k = known.get(f.field.path) ?? { contains: [] };
    if (f.op === 'EQUAL') k.equals = f.value;
    else if (f.op === 'ARRAY_CONTAINS') k.contains.push(f.value);
    else continue;
    known.set(f.field.path, k);
  }
  return known;
}

const unproven = (field: string): RUnknown =>
  new RUnknown(
    `The query does not prove resource.data.${field}: no equality filter on it (rules are not filters).`,
  );

function dataMap(known: Map<string, Known>, prefix: string): RPartialMap {
  return new RPartialMap((key): Value => {
    const field = prefix === '' ? key : `${prefix}.${key}`;
    const k = known.get(field);
    if (k?.equals) return fromFirestore(k.equals);
    if (k && k.contains.length > 0)
      return new RUnknown(unproven(field).reason, k.contains.map(fromFirestore));
    // A filter on a nested field makes its parent a map known in part.
    if ([...known.keys()].some((f) => f.startsWith(`${field}.`))) return dataMap(known, field);
    return unproven(field);
  });
}

/** The `resource` of each case the rules must allow, or an error when there are too many. */
export function proofCases(plan: QueryPlan): RPartialMap[] | RError {
  const cases = disjuncts(plan.filter).flatMap(spread);
  if (cases.length > MAX_CASES)
    return new RError(`The query has more than ${String(MAX_CASES)} cases to prove.`);
  return cases.map((conj) => {
    const data = dataMap(knowledge(conj), '');
    return new RPartialMap((key): Value => {
      if (key === 'data') return data;
      return new RUnknown(`resource.${key} is not known for a list request.`);
    });
  });
}

/** `request.query`: limit, offset and orderBy as the rules see them. */
export function queryMap(plan: QueryPlan): RMap {
  return new RMap({
    limit: plan.limit === undefined ? null : BigInt(plan.limit),
    offset: plan.offset === 0 ? null : BigInt(plan.offset),
    orderBy: plan.explicitOrders.map((o) => o.field.path),
  });
}
