import { getField, projectFields } from './field-path.ts';
import { collectionIdOf, collectionOf, documentName } from './names.ts';
import type { DatabaseName } from './names.ts';
import type { FieldRef, PlanFilter, PlanOrder, QueryPlan } from './query-plan.ts';
import type { Database } from './store.ts';
import type { StoredDoc } from './stored-doc.ts';
import type { Value__Output as Value } from '../generated/google/firestore/v1/Value.ts';
import { valueKey } from './value-key.ts';
import { compareValues, isNaNValue, kindOf, sameTypeOrder, valuesEqual } from './values.ts';

export interface QueryResult {
  docs: StoredDoc[];
  /** documents skipped by the offset, billed like returned ones */
  skipped: number;
}

/** Runs a planned query; `atMicros` reads a past snapshot instead of the current data. */
export function runQuery(
  db: Database,
  dbName: DatabaseName,
  plan: QueryPlan,
  atMicros?: number,
): QueryResult {
  const inScope = scopeTest(plan);
  const matches: StoredDoc[] = [];
  for (const path of candidates(db, plan, inScope, atMicros !== undefined)) {
    const doc = atMicros === undefined ? db.get(path) : db.getAt(path, atMicros);
    if (doc && matchesConstraints(doc, dbName, plan)) matches.push(doc);
  }
  const cmp = (a: StoredDoc, b: StoredDoc): number => compareDocs(a, b, dbName, plan.orders);
  const wanted = plan.limit === undefined ? Infinity : plan.offset + plan.limit;
  const sorted = wanted < matches.length / 8 ? topK(matches, wanted, cmp) : matches.sort(cmp);
  const skipped = Math.min(plan.offset, sorted.length);
  const end =
    plan.limit === undefined ? sorted.length : Math.min(sorted.length, plan.offset + plan.limit);
  return { docs: sorted.slice(plan.offset, end), skipped };
}

/**
 * Whether one document satisfies a query's scope, filters, ordered fields and cursors, i.e. would be
 * in its results if there were no limit or offset.
 */
export function matchesPlan(doc: StoredDoc, dbName: DatabaseName, plan: QueryPlan): boolean {
  return scopeTest(plan)(doc.path) && matchesConstraints(doc, dbName, plan);
}

function matchesConstraints(doc: StoredDoc, dbName: DatabaseName, plan: QueryPlan): boolean {
  if (plan.filter && !matchesFilter(doc, dbName, plan.filter)) return false;
  // Documents lacking an ordered field are absent from the index that serves the query.
  for (const o of plan.orders) {
    if (!o.field.isName && getField(doc.fields, o.field.segments) === undefined) return false;
  }
  if (plan.startAt && !afterStart(doc, dbName, plan)) return false;
  if (plan.endAt && !beforeEnd(doc, dbName, plan)) return false;
  return true;
}

function topK<T>(items: T[], k: number, cmp: (a: T, b: T) => number): T[] {
  const best: T[] = [];
  for (const item of items) {
    if (best.length === k && cmp(item, best[k - 1] as T) >= 0) continue;
    let lo = 0;
    let hi = best.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cmp(best[mid] as T, item) <= 0) lo = mid + 1;
      else hi = mid;
    }
    best.splice(lo, 0, item);
    if (best.length > k) best.pop();
  }
  return best;
}

function scopeTest(plan: QueryPlan): (path: string) => boolean {
  const prefix = plan.parent === '' ? '' : plan.parent + '/';
  if (!plan.allDescendants) {
    const col = prefix + (plan.collectionId ?? '');
    return (path) => collectionOf(path) === col;
  }
  const cid = plan.collectionId;
  if (cid === undefined) return (path) => path.startsWith(prefix);
  return (path) => path.startsWith(prefix) && collectionIdOf(path) === cid;
}

function* candidates(
  db: Database,
  plan: QueryPlan,
  inScope: (path: string) => boolean,
  past: boolean,
): Generator<string> {
  const prefix = plan.parent === '' ? '' : plan.parent + '/';
  if (past) {
    const seen = new Set<string>();
    for (const path of currentCandidates(db, plan, prefix)) {
      seen.add(path);
      yield path;
    }
    for (const path of db.historyPaths()) if (!seen.has(path) && inScope(path)) yield path;
    return;
  }
  const eq = plan.collectionId === undefined ? undefined : equalityFilter(plan.filter);
  if (eq && plan.collectionId !== undefined) {
    for (const path of db.equalityLookup(plan.collectionId, eq.field.path, valueKey(eq.value)))
      if (inScope(path)) yield path;
    return;
  }
  yield* currentCandidates(db, plan, prefix);
}

function* currentCandidates(db: Database, plan: QueryPlan, prefix: string): Generator<string> {
  if (!plan.allDescendants) {
    yield* db.collectionDocs(prefix + (plan.collectionId ?? ''));
    return;
  }
  if (plan.collectionId !== undefined) {
    for (const col of db.groups.get(plan.collectionId) ?? [])
      if (col.startsWith(prefix)) yield* db.collectionDocs(col);
    return;
  }
  for (const path of db.docs.keys()) if (path.startsWith(prefix)) yield path;
}

/** An equality conjunct usable to narrow candidates through the equality index. */
function equalityFilter(f: PlanFilter | undefined): { field: FieldRef; value: Value } | undefined {
  if (!f) return undefined;
  if (f.kind === 'field' && f.op === 'EQUAL' && !f.field.isName && !isNaNValue(f.value)) return f;
  if (f.kind === 'and') {
    for (const x of f.filters) {
      const e = equalityFilter(x);
      if (e) return e;
    }
  }
  return undefined;
}

function fieldValue(doc: StoredDoc, dbName: DatabaseName, field: FieldRef): Value | undefined {
  if (field.isName) return { referenceValue: documentName(dbName, doc.path) };
  return getField(doc.fields, field.segments);
}

const isNull = (v: Value): boolean => kindOf(v) === 'null';
/**
 * `in` and `array-contains-any` never match a null or NaN in their list, as production answers
 * (the web SDK's "can use IN filters" and "can use array-contains-any filters"); `==` reaches
 * those values only as IS_NULL and IS_NAN.
 */
const matchable = (v: Value): boolean => !isNull(v) && !isNaNValue(v);

export function matchesFilter(doc: StoredDoc, dbName: DatabaseName, f: PlanFilter): boolean {
  switch (f.kind) {
    case 'and':
      return f.filters.every((x) => matchesFilter(doc, dbName, x));
    case 'or':
      return f.filters.some((x) => matchesFilter(doc, dbName, x));
    case 'unary': {
      const v = fieldValue(doc, dbName, f.field);
      if (v === undefined) return false;
      switch (f.op) {
        case 'IS_NULL':
          return isNull(v);
        case 'IS_NAN':
          return isNaNValue(v);
        case 'IS_NOT_NULL':
          return !isNull(v);
        case 'IS_NOT_NAN':
          return !isNull(v) && !isNaNValue(v);
      }
    }
  }
  const v = fieldValue(doc, dbName, f.field);
  if (v === undefined) return false;
  const list = f.value.arrayValue?.values ?? [];
  switch (f.op) {
    case 'EQUAL':
      return valuesEqual(v, f.value);
    case 'NOT_EQUAL':
      return !isNull(v) && !valuesEqual(v, f.value);
    case 'IN':
      return list.some((x) => matchable(x) && valuesEqual(v, x));
    case 'NOT_IN':
      return !isNull(v) && !list.some((x) => isNull(x) || valuesEqual(v, x));
    case 'ARRAY_CONTAINS':
      return (
        (v.arrayValue?.values ?? []).some((x) => valuesEqual(x, f.value)) &&
        v.arrayValue !== undefined
      );
    case 'ARRAY_CONTAINS_ANY':
      return (
        v.arrayValue !== undefined &&
        (v.arrayValue.values ?? []).some((x) => list.some((y) => matchable(y) && valuesEqual(x, y)))
      );
    default: {
      // Range filters only match values of the same type class, and never NaN.
      if (!sameTypeOrder(v, f.value) || isNaNValue(v)) return false;
      const c = compareValues(v, f.value);
      if (f.op === 'LESS_THAN') return c < 0;
      if (f.op === 'LESS_THAN_OR_EQUAL') return c <= 0;
      if (f.op === 'GREATER_THAN') return c > 0;
      return c >= 0;
    }
  }
}

function compareDocs(
  a: StoredDoc,
  b: StoredDoc,
  dbName: DatabaseName,
  orders: PlanOrder[],
): number {
  for (const o of orders) {
    const x = fieldValue(a, dbName, o.field);
    const y = fieldValue(b, dbName, o.field);
    if (x === undefined || y === undefined) continue;
    const c = compareValues(x, y);
    if (c !== 0) return o.descending ? -c : c;
  }
  return 0;
}

function compareToCursor(
  doc: StoredDoc,
  dbName: DatabaseName,
  orders: PlanOrder[],
  values: Value[],
): number {
  for (let i = 0; i < values.length; i++) {
    const o = orders[i];
    const cv = values[i];
    if (!o || !cv) break;
    const v = fieldValue(doc, dbName, o.field);
    if (v === undefined) return -1;
    const c = compareValues(v, cv);
    if (c !== 0) return o.descending ? -c : c;
  }
  return 0;
}

function afterStart(doc: StoredDoc, dbName: DatabaseName, plan: QueryPlan): boolean {
  const start = plan.startAt;
  if (!start) return true;
  const c = compareToCursor(doc, dbName, plan.orders, start.values);
  return start.before ? c >= 0 : c > 0;
}

function beforeEnd(doc: StoredDoc, dbName: DatabaseName, plan: QueryPlan): boolean {
  const end = plan.endAt;
  if (!end) return true;
  const c = compareToCursor(doc, dbName, plan.orders, end.values);
  return end.before ? c < 0 : c <= 0;
}

/** The fields a projection returns (select() with only __name__ returns none). */
export function projectDoc(
  doc: StoredDoc,
  projection: FieldRef[] | undefined,
): Record<string, Value> {
  if (!projection) return doc.fields;
  return projectFields(
    doc.fields,
    projection.filter((f) => !f.isName).map((f) => f.segments),
  );
}
