import { readFileSync } from 'node:fs';
import { failedPrecondition } from './errors.ts';
import { fieldRef, disjunctiveNormalForm } from './query-plan.ts';
import type { QueryPlan } from './query-plan.ts';

// The rule set is documented in INDEXES.md; keep the two in step.

export type QueryScope = 'COLLECTION' | 'COLLECTION_GROUP';

export interface IndexField {
  fieldPath: string;
  order?: 'ASCENDING' | 'DESCENDING';
  arrayConfig?: 'CONTAINS';
}

export interface CompositeIndex {
  collectionGroup: string;
  queryScope?: QueryScope;
  fields: IndexField[];
}

export interface FieldOverride {
  collectionGroup: string;
  fieldPath: string;
  ttl?: boolean;
  indexes: {
    order?: 'ASCENDING' | 'DESCENDING';
    arrayConfig?: 'CONTAINS';
    queryScope?: QueryScope;
  }[];
}

export interface IndexConfig {
  indexes: CompositeIndex[];
  fieldOverrides: FieldOverride[];
}

export const NO_INDEXES: IndexConfig = { indexes: [], fieldOverrides: [] };

export function loadIndexConfig(file: string | undefined): IndexConfig {
  if (!file) return NO_INDEXES;
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Partial<IndexConfig>;
  return {
    indexes: (raw.indexes ?? []).map((i) => ({
      ...i,
      fields: i.fields.map((f) => ({ ...f, fieldPath: canonical(f.fieldPath) })),
    })),
    fieldOverrides: (raw.fieldOverrides ?? []).map((o) => ({
      ...o,
      fieldPath: canonical(o.fieldPath),
    })),
  };
}

function canonical(path: string): string {
  return path === '__name__' ? path : fieldRef(path).path;
}

type Need = 'EQ' | 'CONTAINS' | 'ASCENDING' | 'DESCENDING';
interface Requirement {
  field: string;
  need: Need;
}

const EQUALITY_OPS = new Set(['EQUAL', 'IN', 'IS_NULL', 'IS_NAN']);
const ARRAY_OPS = new Set(['ARRAY_CONTAINS', 'ARRAY_CONTAINS_ANY']);

/**
 * Throws FAILED_PRECONDITION, naming the index to declare, when production would need an index
 * that `config` lacks for this query.
 */
export function checkIndexes(plan: QueryPlan, config: IndexConfig): void {
  const cid = plan.collectionId;
  if (cid === undefined) return; // kindless queries are served by the built-in key index
  const scope: QueryScope = plan.allDescendants ? 'COLLECTION_GROUP' : 'COLLECTION';
  const orders = plan.orders.filter((o) => !o.field.isName);
  const nameDescending = plan.orders.find((o) => o.field.isName)?.descending ?? false;
  const conjuncts = plan.filter ? disjunctiveNormalForm(plan.filter) : [[]];
  for (const conj of conjuncts) {
    const equalities = new Map<string, Need>();
    for (const leaf of conj) {
      if (leaf.field.isName) continue;
      if (EQUALITY_OPS.has(leaf.op)) {
        if (!equalities.has(leaf.field.path)) equalities.set(leaf.field.path, 'EQ');
      } else if (ARRAY_OPS.has(leaf.op)) equalities.set(leaf.field.path, 'CONTAINS');
    }
    const ordered: Requirement[] = orders
      .filter((o) => equalities.get(o.field.path) !== 'EQ')
      .map((o) => ({ field: o.field.path, need: o.descending ? 'DESCENDING' : 'ASCENDING' }));
    const eqs: Requirement[] = [...equalities].map(([field, need]) => ({ field, need }));
    const composite =
      ordered.length >= 2 ||
      (ordered.length === 1 && eqs.some((e) => e.field !== ordered[0]?.field));
    if (composite) {
      if (!hasComposite(config, cid, scope, eqs, ordered, nameDescending))
        throw missingComposite(cid, scope, eqs, ordered);
      continue;
    }
    for (const r of [...eqs, ...ordered]) {
      if (!hasSingleField(config, cid, scope, r))
        throw failedPrecondition(
          `The query requires an index. Declare a field override in firestore.indexes.json: ` +
            JSON.stringify({
              collectionGroup: cid,
              fieldPath: r.field,
              indexes: [indexSpec(r, scope)],
            }),
        );
    }
  }
}

function indexSpec(r: Requirement, scope: QueryScope): Record<string, string> {
  return r.need === 'CONTAINS'
    ? { arrayConfig: 'CONTAINS', queryScope: scope }
    : { order: r.need === 'DESCENDING' ? 'DESCENDING' : 'ASCENDING', queryScope: scope };
}

function hasSingleField(
  config: IndexConfig,
  cid: string,
  scope: QueryScope,
  r: Requirement,
): boolean {
  const override = config.fieldOverrides.find(
    (o) => o.collectionGroup === cid && o.fieldPath === r.field,
  );
  // Without an override, every field gets ascending, descending and array-contains indexes with
  // collection scope; collection-group scope must be declared.
  if (!override) return scope === 'COLLECTION';
  return override.indexes.some((i) => {
    if ((i.queryScope ?? 'COLLECTION') !== scope) return false;
    if (r.need === 'CONTAINS') return i.arrayConfig === 'CONTAINS';
    if (r.need === 'EQ') return i.order !== undefined;
    return i.order !== undefined;
  });
}

function matchesField(f: IndexField | undefined, r: Requirement): boolean {
  if (!f || f.fieldPath !== r.field) return false;
  if (r.need === 'CONTAINS') return f.arrayConfig === 'CONTAINS';
  if (r.need === 'EQ') return f.order !== undefined;
  return f.order === r.need;
}

function hasComposite(
  config: IndexConfig,
  cid: string,
  scope: QueryScope,
  eqs: Requirement[],
  ordered: Requirement[],
  nameDescending: boolean,
): boolean {
  return config.indexes.some((idx) => {
    if (idx.collectionGroup !== cid || (idx.queryScope ?? 'COLLECTION') !== scope) return false;
    let fields = idx.fields;
    const last = fields.at(-1);
    if (last?.fieldPath === '__name__') {
      if ((last.order === 'DESCENDING') !== nameDescending) return false;
      fields = fields.slice(0, -1);
    }
    if (fields.length !== eqs.length + ordered.length) return false;
    const head = fields.slice(0, eqs.length);
    const tail = fields.slice(eqs.length);
    return (
      eqs.every((e) => head.some((f) => matchesField(f, e))) &&
      ordered.every((o, i) => matchesField(tail[i], o))
    );
  });
}

function missingComposite(
  cid: string,
  scope: QueryScope,
  eqs: Requirement[],
  ordered: Requirement[],
): Error {
  const fields = [...eqs, ...ordered].map((r) =>
    r.need === 'CONTAINS'
      ? { fieldPath: r.field, arrayConfig: 'CONTAINS' }
      : { fieldPath: r.field, order: r.need === 'DESCENDING' ? 'DESCENDING' : 'ASCENDING' },
  );
  return failedPrecondition(
    `The query requires an index that firestore.indexes.json does not declare. Add: ` +
      JSON.stringify({ collectionGroup: cid, queryScope: scope, fields }),
  );
}
