import { invalid } from './errors.ts';
import { DOCUMENT_ID, formatFieldPath, parseFieldPath } from './field-path.ts';
import { parseResource } from './names.ts';
import type { DatabaseName } from './names.ts';
import type { Cursor__Output as Cursor } from '../generated/google/firestore/v1/Cursor.ts';
import type {
  _google_firestore_v1_StructuredQuery_Filter__Output as Filter,
  StructuredQuery__Output as StructuredQuery,
} from '../generated/google/firestore/v1/StructuredQuery.ts';
import type { Value__Output as Value } from '../generated/google/firestore/v1/Value.ts';
import { kindOf, normalizeValue } from './values.ts';

export type FieldOp =
  | 'LESS_THAN'
  | 'LESS_THAN_OR_EQUAL'
  | 'GREATER_THAN'
  | 'GREATER_THAN_OR_EQUAL'
  | 'EQUAL'
  | 'NOT_EQUAL'
  | 'ARRAY_CONTAINS'
  | 'IN'
  | 'ARRAY_CONTAINS_ANY'
  | 'NOT_IN';
export type UnaryOp = 'IS_NAN' | 'IS_NULL' | 'IS_NOT_NAN' | 'IS_NOT_NULL';

export interface FieldRef {
  /** canonical dotted form, '__name__' for the document id */
  path: string;
  segments: string[];
  isName: boolean;
}

export type PlanFilter =
  | { kind: 'field'; field: FieldRef; op: FieldOp; value: Value }
  | { kind: 'unary'; field: FieldRef; op: UnaryOp }
  | { kind: 'and'; filters: PlanFilter[] }
  | { kind: 'or'; filters: PlanFilter[] };

export interface PlanOrder {
  field: FieldRef;
  descending: boolean;
}

export interface QueryPlan {
  /** parent document path ('' for the database root) */
  parent: string;
  /** undefined for kindless queries */
  collectionId: string | undefined;
  allDescendants: boolean;
  filter: PlanFilter | undefined;
  explicitOrders: PlanOrder[];
  orders: PlanOrder[];
  startAt: { values: Value[]; before: boolean } | undefined;
  endAt: { values: Value[]; before: boolean } | undefined;
  offset: number;
  limit: number | undefined;
  projection: FieldRef[] | undefined;
}

const FIELD_OPS = new Set<string>([
  'LESS_THAN',
  'LESS_THAN_OR_EQUAL',
  'GREATER_THAN',
  'GREATER_THAN_OR_EQUAL',
  'EQUAL',
  'NOT_EQUAL',
  'ARRAY_CONTAINS',
  'IN',
  'ARRAY_CONTAINS_ANY',
  'NOT_IN',
]);
const UNARY_OPS = new Set<string>(['IS_NAN', 'IS_NULL', 'IS_NOT_NAN', 'IS_NOT_NULL']);
export const INEQUALITY_OPS = new Set<string>([
  'LESS_THAN',
  'LESS_THAN_OR_EQUAL',
  'GREATER_THAN',
  'GREATER_THAN_OR_EQUAL',
  'NOT_EQUAL',
  'NOT_IN',
  'IS_NOT_NAN',
  'IS_NOT_NULL',
]);

const MAX_DISJUNCTIONS = 30;
const MAX_IN_VALUES = 30;
const MAX_NOT_IN_VALUES = 10;

export function fieldRef(path: string | undefined): FieldRef {
  if (path === DOCUMENT_ID) return { path, segments: [DOCUMENT_ID], isName: true };
  const segments = parseFieldPath(path ?? '');
  return { path: formatFieldPath(segments), segments, isName: false };
}

/** Validates a structured query like production and resolves its implicit orders. */
export function planQuery(q: StructuredQuery, parentName: string, db: DatabaseName): QueryPlan {
  const { path: parent } = parseResourceParent(parentName, db);
  const from = q.from ?? [];
  if (from.length !== 1) throw invalid('A query must select exactly one collection.');
  const sel = from[0] ?? {};
  const allDescendants = sel.allDescendants === true;
  const collectionId = sel.collectionId === '' ? undefined : sel.collectionId;
  if (collectionId === undefined && !allDescendants)
    throw invalid('A query must name a collection unless it selects all descendants.');
  if (collectionId?.includes('/')) throw invalid(`Invalid collection id '${collectionId}'.`);
  if (q.findNearest) throw invalid('Vector search (find_nearest) is not supported by local-cloud.');

  const filter = q.where ? planFilter(q.where, db) : undefined;
  if (filter) validateFilters(filter);

  const explicitOrders: PlanOrder[] = [];
  const seen = new Set<string>();
  for (const o of q.orderBy ?? []) {
    const field = fieldRef(o.field?.fieldPath);
    if (seen.has(field.path)) throw invalid(`Order by '${field.path}' appears more than once.`);
    seen.add(field.path);
    explicitOrders.push({ field, descending: o.direction === 'DESCENDING' });
  }
  const orders = [...explicitOrders];
  const lastDescending = explicitOrders.at(-1)?.descending ?? false;
  const inequalities = filter ? inequalityFields(filter) : [];
  for (const f of inequalities.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    if (!seen.has(f.path) && !f.isName) {
      seen.add(f.path);
      orders.push({ field: f, descending: lastDescending });
    }
  }
  if (!seen.has(DOCUMENT_ID))
    orders.push({ field: fieldRef(DOCUMENT_ID), descending: lastDescending });

  const limit = q.limit === undefined ? undefined : (q.limit.value ?? 0);
  if (limit !== undefined && limit < 0) throw invalid('limit must be non-negative.');
  const offset = q.offset ?? 0;
  if (offset < 0) throw invalid('offset must be non-negative.');

  return {
    parent,
    collectionId,
    allDescendants,
    filter,
    explicitOrders,
    orders,
    startAt: q.startAt ? planCursor(q.startAt, orders, db) : undefined,
    endAt: q.endAt ? planCursor(q.endAt, orders, db) : undefined,
    offset,
    limit,
    projection: q.select ? (q.select.fields ?? []).map((f) => fieldRef(f.fieldPath)) : undefined,
  };
}

function parseResourceParent(name: string, db: DatabaseName): { path: string } {
  const r = parseResource(name);
  if (r.project !== db.project || r.database !== db.database)
    throw invalid(`Parent '${name}' is not in the request's database.`);
  if (r.path !== '' && r.path.split('/').length % 2 !== 0)
    throw invalid(`Invalid parent '${name}': a parent is the database root or a document.`);
  return r;
}

function planCursor(
  c: Cursor,
  orders: PlanOrder[],
  db: DatabaseName,
): { values: Value[]; before: boolean } {
  const values = (c.values ?? []).map((v) => normalizeValue(v));
  if (values.length === 0) throw invalid('A cursor must have at least one value.');
  if (values.length > orders.length)
    throw invalid('Too many cursor values: a cursor has at most one value per order by field.');
  values.forEach((v, i) => {
    if (orders[i]?.field.isName) {
      if (kindOf(v) !== 'reference')
        throw invalid('A cursor value for the document id (__name__) must be a reference.');
      checkReference(v, db);
    }
  });
  return { values, before: c.before === true };
}

function checkReference(v: Value, db: DatabaseName): void {
  const r = parseResource(v.referenceValue ?? '');
  if (r.project !== db.project || r.database !== db.database)
    throw invalid(`Reference '${v.referenceValue ?? ''}' is not in the query's database.`);
}

function planFilter(f: Filter, db: DatabaseName): PlanFilter {
  if (f.compositeFilter) {
    const op = f.compositeFilter.op;
    if (op !== 'AND' && op !== 'OR') throw invalid('A composite filter needs operator AND or OR.');
    const filters = (f.compositeFilter.filters ?? []).map((x) => planFilter(x, db));
    if (filters.length === 0) throw invalid('A composite filter needs at least one filter.');
    return op === 'AND' ? { kind: 'and', filters } : { kind: 'or', filters };
  }
  if (f.fieldFilter) {
    const op = f.fieldFilter.op ?? '';
    if (!FIELD_OPS.has(op)) throw invalid(`Unsupported field filter operator '${op}'.`);
    const field = fieldRef(f.fieldFilter.field?.fieldPath);
    if (!f.fieldFilter.value) throw invalid(`Filter on '${field.path}' has no value.`);
    const value = normalizeValue(f.fieldFilter.value);
    validateFieldFilter(field, op as FieldOp, value, db);
    return { kind: 'field', field, op: op as FieldOp, value };
  }
  if (f.unaryFilter) {
    const op = f.unaryFilter.op ?? '';
    if (!UNARY_OPS.has(op)) throw invalid(`Unsupported unary filter operator '${op}'.`);
    return { kind: 'unary', field: fieldRef(f.unaryFilter.field?.fieldPath), op: op as UnaryOp };
  }
  throw invalid('A filter must be a composite, field or unary filter.');
}

function validateFieldFilter(field: FieldRef, op: FieldOp, value: Value, db: DatabaseName): void {
  const list = op === 'IN' || op === 'NOT_IN' || op === 'ARRAY_CONTAINS_ANY';
  if (list) {
    const values = value.arrayValue?.values;
    if (!values) throw invalid(`'${op}' requires an array value.`);
    if (values.length === 0) throw invalid(`'${op}' requires a non-empty array.`);
    const max = op === 'NOT_IN' ? MAX_NOT_IN_VALUES : MAX_IN_VALUES;
    if (values.length > max)
      throw invalid(`'${op}' filters support a maximum of ${max} elements in the value array.`);
  }
  if (field.isName) {
    if (op === 'ARRAY_CONTAINS' || op === 'ARRAY_CONTAINS_ANY')
      throw invalid(`'${op}' cannot be used on the document id.`);
    const refs = list ? (value.arrayValue?.values ?? []) : [value];
    for (const r of refs) {
      if (kindOf(r) !== 'reference')
        throw invalid('A filter on the document id (__name__) needs reference values.');
      checkReference(r, db);
    }
  }
  if (
    (op === 'LESS_THAN' ||
      op === 'LESS_THAN_OR_EQUAL' ||
      op === 'GREATER_THAN' ||
      op === 'GREATER_THAN_OR_EQUAL') &&
    (kindOf(value) === 'null' || (kindOf(value) === 'double' && Number.isNaN(value.doubleValue)))
  )
    throw invalid('Range filters cannot compare with null or NaN; use IS_NULL / IS_NAN.');
}

function collectOps(f: PlanFilter, out: string[]): void {
  if (f.kind === 'and' || f.kind === 'or') for (const x of f.filters) collectOps(x, out);
  else out.push(f.op);
}

function validateFilters(filter: PlanFilter): void {
  const ops: string[] = [];
  collectOps(filter, ops);
  const count = (op: string): number => ops.filter((o) => o === op).length;
  if (count('NOT_IN') > 1) throw invalid("A query can have at most one 'NOT_IN' filter.");
  if (count('NOT_IN') > 0 && count('NOT_EQUAL') > 0)
    throw invalid("'NOT_IN' cannot be combined with 'NOT_EQUAL' filters.");
  if (count('NOT_IN') > 0 && (count('IN') > 0 || count('ARRAY_CONTAINS_ANY') > 0 || hasOr(filter)))
    throw invalid("'NOT_IN' cannot be combined with 'IN', 'ARRAY_CONTAINS_ANY' or OR filters.");
  if (count('ARRAY_CONTAINS_ANY') > 1)
    throw invalid("A query can have at most one 'ARRAY_CONTAINS_ANY' filter.");
  const dnf = disjunctiveNormalForm(filter);
  // IN and ARRAY_CONTAINS_ANY count as one disjunction per value.
  const disjunctions = dnf.reduce(
    (n, conj) =>
      n +
      conj.reduce(
        (p, x) =>
          p *
          (x.kind === 'field' && (x.op === 'IN' || x.op === 'ARRAY_CONTAINS_ANY')
            ? (x.value.arrayValue?.values ?? []).length
            : 1),
        1,
      ),
    0,
  );
  if (disjunctions > MAX_DISJUNCTIONS)
    throw invalid(
      `Invalid Query. The number of disjunctions in the query (${disjunctions}) exceeds the maximum of ${MAX_DISJUNCTIONS}.`,
    );
  for (const conj of dnf) {
    if (conj.filter((x) => x.kind === 'field' && x.op === 'ARRAY_CONTAINS').length > 1)
      throw invalid("A disjunction can have at most one 'ARRAY_CONTAINS' filter.");
  }
}

function hasOr(f: PlanFilter): boolean {
  return f.kind === 'or' ? f.filters.length > 1 : f.kind === 'and' && f.filters.some(hasOr);
}

type Leaf = Extract<PlanFilter, { kind: 'field' | 'unary' }>;

/**
 * Expands a filter into OR-of-ANDs. IN and ARRAY_CONTAINS_ANY each expand into one disjunct per
 * value when they sit next to an OR, which is how production counts disjunctions.
 */
export function disjunctiveNormalForm(f: PlanFilter): Leaf[][] {
  if (f.kind === 'field' || f.kind === 'unary') return [[f]];
  if (f.kind === 'or') return f.filters.flatMap(disjunctiveNormalForm);
  let result: Leaf[][] = [[]];
  for (const child of f.filters) {
    const next: Leaf[][] = [];
    for (const left of result)
      for (const right of disjunctiveNormalForm(child)) next.push([...left, ...right]);
    result = next;
    if (result.length > 10_000) break;
  }
  return result;
}

function inequalityFields(f: PlanFilter): FieldRef[] {
  const out = new Map<string, FieldRef>();
  const walk = (x: PlanFilter): void => {
    if (x.kind === 'and' || x.kind === 'or') x.filters.forEach(walk);
    else if (INEQUALITY_OPS.has(x.op)) out.set(x.field.path, x.field);
  };
  walk(f);
  return [...out.values()];
}
