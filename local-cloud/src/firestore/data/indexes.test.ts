import { describe, expect, it } from 'vitest';
import { checkIndexes } from './indexes.ts';
import type { IndexConfig } from './indexes.ts';
import { planQuery } from './query-plan.ts';
import type {
  StructuredQuery__Output as StructuredQuery,
  _google_firestore_v1_StructuredQuery_Direction__Output as Direction,
  _google_firestore_v1_StructuredQuery_FieldFilter_Operator__Output as Operator,
  _google_firestore_v1_StructuredQuery_Filter__Output as Filter,
  _google_firestore_v1_StructuredQuery_Order__Output as Order,
} from '../generated/google/firestore/v1/StructuredQuery.ts';
import type { Value__Output as Value } from '../generated/google/firestore/v1/Value.ts';

const db = { project: 'p', database: '(default)' };
const root = 'projects/p/databases/(default)/documents';
const s = (v: string): Value => ({ stringValue: v });
const eq = (field: string, value: Value, op: Operator = 'EQUAL'): Filter => ({
  fieldFilter: { field: { fieldPath: field }, op, value },
});
const and = (...filters: Filter[]): Filter => ({ compositeFilter: { op: 'AND', filters } });
const order = (field: string, direction: Direction = 'ASCENDING'): Order => ({
  field: { fieldPath: field },
  direction,
});

function check(q: Omit<StructuredQuery, 'from'>, config: IndexConfig, group = false): void {
  checkIndexes(
    planQuery({ from: [{ collectionId: 'c', allDescendants: group }], ...q }, root, db),
    config,
  );
}

const none: IndexConfig = { indexes: [], fieldOverrides: [] };
const declared: IndexConfig = {
  indexes: [
    {
      collectionGroup: 'c',
      queryScope: 'COLLECTION',
      fields: [
        { fieldPath: 'team', order: 'ASCENDING' },
        { fieldPath: 'score', order: 'DESCENDING' },
      ],
    },
  ],
  fieldOverrides: [
    { collectionGroup: 'c', fieldPath: 'blob', indexes: [] },
    {
      collectionGroup: 'c',
      fieldPath: 'x',
      indexes: [{ order: 'ASCENDING', queryScope: 'COLLECTION_GROUP' }],
    },
  ],
};

describe('composite index rules', () => {
  it('serves equalities on any number of fields and a single order without composites', () => {
    expect(() => {
      check(
        { where: and(eq('a', s('1')), eq('b', s('2')), eq('t', s('x'), 'ARRAY_CONTAINS')) },
        none,
      );
    }).not.toThrow();
    expect(() => {
      check({ orderBy: [order('a', 'DESCENDING')] }, none);
    }).not.toThrow();
    expect(() => {
      check({ where: eq('a', s('1'), 'GREATER_THAN') }, none);
    }).not.toThrow();
  });

  it('needs a composite for equality + order on another field, two orders, or two ranges', () => {
    const q = { where: eq('team', s('red')), orderBy: [order('score', 'DESCENDING')] };
    expect(() => {
      check(q, none);
    }).toThrow(/requires an index/);
    expect(() => {
      check(q, declared);
    }).not.toThrow();
    expect(() => {
      check({ where: eq('team', s('red')), orderBy: [order('score')] }, declared);
    }).toThrow();
    expect(() => {
      check({ orderBy: [order('a'), order('b')] }, none);
    }).toThrow();
    expect(() => {
      check({ where: and(eq('a', s('1'), 'LESS_THAN'), eq('b', s('1'), 'GREATER_THAN')) }, none);
    }).toThrow();
  });

  it('honours exemptions and requires collection-group scope to be declared', () => {
    expect(() => {
      check({ where: eq('blob', s('b')) }, declared);
    }).toThrow(/field override/);
    expect(() => {
      check({ where: eq('y', s('1')) }, declared, true);
    }).toThrow(/COLLECTION_GROUP/);
    expect(() => {
      check({ where: eq('x', s('1')) }, declared, true);
    }).not.toThrow();
    expect(() => {
      check({}, none, true);
    }).not.toThrow();
  });
});

describe('query validation', () => {
  it('counts IN values as disjunctions and limits them to 30', () => {
    const values = (n: number): Value => ({
      arrayValue: { values: Array.from({ length: n }, (_, i) => s(String(i))) },
    });
    expect(() =>
      planQuery({ from: [{ collectionId: 'c' }], where: eq('a', values(30), 'IN') }, root, db),
    ).not.toThrow();
    expect(() =>
      planQuery(
        {
          from: [{ collectionId: 'c' }],
          where: and(eq('a', values(6), 'IN'), eq('b', values(6), 'IN')),
        },
        root,
        db,
      ),
    ).toThrow(/disjunctions/);
  });

  it('adds inequality fields and __name__ to the order, following the last direction', () => {
    const plan = planQuery(
      {
        from: [{ collectionId: 'c' }],
        where: and(eq('z', s('1'), 'GREATER_THAN'), eq('b', s('1'), 'NOT_EQUAL')),
        orderBy: [order('a', 'DESCENDING')],
      },
      root,
      db,
    );
    expect(plan.orders.map((o) => `${o.field.path}:${o.descending ? 'desc' : 'asc'}`)).toEqual([
      'a:desc',
      'b:desc',
      'z:desc',
      '__name__:desc',
    ]);
  });
});
