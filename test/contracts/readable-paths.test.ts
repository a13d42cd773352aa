// The read side of the API is documented from READABLE_PATHS; these check that table against what
// actually serves the reads: firestore.rules (which paths, who, get or list) and
// firestore.indexes.json (each documented query runs without a missing index). The rules are parsed
// as plain text: this is a consistency check, the rules themselves are tested on the emulators.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { COLLECTIONS, READABLE_PATHS, SERVER_ONLY_COLLECTIONS } from '@gadget/shared';
import type { QueryFilter, QueryValue, ReadablePath, ReaderRule, ReadQuery } from '@gadget/shared';
import { checkIndexes, loadIndexConfig } from '../../local-cloud/src/firestore/data/indexes.ts';
import { planQuery } from '../../local-cloud/src/firestore/data/query-plan.ts';
import type {
  _google_firestore_v1_StructuredQuery_FieldFilter_Operator__Output as FieldOperator,
  _google_firestore_v1_StructuredQuery_Filter__Output as Filter,
  StructuredQuery__Output as StructuredQuery,
} from '../../local-cloud/src/firestore/generated/google/firestore/v1/StructuredQuery.ts';
import type { Value__Output as Value } from '../../local-cloud/src/firestore/generated/google/firestore/v1/Value.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PATHS: readonly ReadablePath[] = READABLE_PATHS;

interface RuleMatch {
  /** The match path below `/databases/{database}/documents`, without the leading slash. */
  path: string;
  /** Each `allow` statement's methods and condition. */
  allows: { methods: string[]; condition: string }[];
}

/** Every `match` block of a rules file with its `allow` statements, nested paths joined. */
function parseRules(text: string): RuleMatch[] {
  const source = text.replace(/\/\/.*$/gm, '');
  const token = /match\s+(\S+)\s*\{|allow\s+([\w\s,]+?)\s*:\s*if\s+([^;]+);|\{|\}/g;
  const stack: (RuleMatch | null)[] = [];
  const matches: RuleMatch[] = [];
  for (const m of source.matchAll(token)) {
    if (m[1] !== undefined) {
      const parent = stack.findLast((frame) => frame !== null);
      const path = [parent?.path, m[1].replace(/^\//, '')].filter(Boolean).join('/');
      const match: RuleMatch = { path, allows: [] };
      matches.push(match);
      stack.push(match);
    } else if (m[2] !== undefined && m[3] !== undefined) {
      const current = stack.at(-1);
      if (!current) throw new Error(`allow outside a match: ${m[0]}`);
      current.allows.push({
        methods: m[2].split(',').map((method) => method.trim()),
        condition: m[3].replace(/\s+/g, ' ').trim(),
      });
    } else if (m[0] === '{') {
      stack.push(null);
    } else {
      stack.pop();
    }
  }
  expect(stack, 'braces balance').toEqual([]);
  const documents = 'databases/{database}/documents';
  return matches
    .filter((match) => match.path.startsWith(`${documents}/`))
    .map((match) => ({ ...match, path: match.path.slice(documents.length + 1) }));
}

const READ_METHODS = new Set(['read', 'get', 'list']);

/** What a match lets clients read: `read` (get and list), `get` or `list` alone, or nothing. */
function readAccess(match: RuleMatch): string | undefined {
  const methods = new Set(
    match.allows.flatMap((allow) => allow.methods).filter((m) => READ_METHODS.has(m)),
  );
  if (methods.has('read') || (methods.has('get') && methods.has('list'))) return 'read';
  return [...methods][0];
}

function readCondition(match: RuleMatch): string {
  return match.allows
    .filter((allow) => allow.methods.some((m) => READ_METHODS.has(m)))
    .map((allow) => allow.condition)
    .join(' || ');
}

/** The rule conditions each reader rule stands for, as written in firestore.rules. */
const READER_CONDITIONS: Record<ReaderRule, readonly string[]> = {
  self: ['isSelf(uid)'],
  'device-member': ['isMemberOf(resource.data)', 'isDeviceMember(deviceId)'],
  'device-admin': ['isDeviceAdmin(deviceId)'],
  owner: ['signedIn() && resource.data.ownerUid == request.auth.uid'],
  'signed-in': ['signedIn()'],
};

const rules = parseRules(readFileSync(`${ROOT}firestore.rules`, 'utf8'));
const readableRules = rules.filter((match) => readAccess(match) !== undefined);

describe('READABLE_PATHS against firestore.rules', () => {
  it('finds the rules’ match blocks', () => {
    expect(rules.map((match) => match.path)).toContain('devices/{deviceId}/hours/{hour}');
  });

  it('lists exactly the paths the rules let clients read', () => {
    expect(PATHS.map((p) => p.path).sort()).toEqual(readableRules.map((m) => m.path).sort());
  });

  it.each(PATHS.map((p) => [p.path, p] as const))('%s: get or read as in the rules', (_, p) => {
    const match = readableRules.find((m) => m.path === p.path);
    expect(match && readAccess(match)).toBe(p.access);
  });

  it.each(PATHS.map((p) => [p.path, p] as const))('%s: the reader the rules name', (_, p) => {
    const match = readableRules.find((m) => m.path === p.path);
    expect(READER_CONDITIONS[p.reader]).toContain(match && readCondition(match));
  });

  it.each(PATHS.map((p) => [p.path, p] as const))(
    '%s: a rule on the document itself comes with the filter every query needs',
    (_, p) => {
      const match = readableRules.find((m) => m.path === p.path);
      const readsDocument = match !== undefined && readCondition(match).includes('resource.data');
      expect(p.requiredFilter !== undefined).toBe(readsDocument);
      for (const query of p.queries) {
        if (p.requiredFilter)
          expect(query.where ?? [], query.name).toContainEqual(p.requiredFilter);
      }
    },
  );

  it('names each path, and each query, once', () => {
    const names = [
      ...PATHS.map((p) => p.name),
      ...PATHS.flatMap((p) => p.queries.map((q) => q.name)),
    ];
    expect(new Set(names).size).toBe(names.length);
  });

  it('has no queries on a path the rules let clients get only', () => {
    for (const p of PATHS) if (p.access === 'get') expect(p.queries, p.path).toEqual([]);
  });
});

describe('server-only collections', () => {
  const readableCollections = new Set(PATHS.map((p) => p.path.split('/').at(-2)));
  const serverOnly = Object.keys(SERVER_ONLY_COLLECTIONS);

  it('every collection is either readable or server-only, never both', () => {
    expect([...readableCollections, ...serverOnly].sort()).toEqual(
      Object.values(COLLECTIONS).sort(),
    );
  });

  it('no rule matches a server-only collection', () => {
    for (const match of rules) {
      for (const collection of serverOnly)
        expect(match.path.split('/'), match.path).not.toContain(collection);
    }
  });
});

describe('documented queries', () => {
  const queries = PATHS.flatMap((p) => p.queries.map((q) => [q.name, p, q] as const));

  it.each(queries)('%s filters and orders on fields of its document', (_, p, q) => {
    expect(p.schema).toBeInstanceOf(z.ZodObject);
    const shape = (p.schema as z.ZodObject).shape;
    for (const field of [...(q.where ?? []), ...(q.orderBy ?? [])].map((f) => f.field))
      expect(Object.keys(shape), `${q.name}: ${field}`).toContain(field.split('.')[0]);
  });

  const indexes = loadIndexConfig(`${ROOT}firestore.indexes.json`);
  it.each(queries)('%s needs no index firestore.indexes.json lacks', (_, p, q) => {
    const { parent, collectionId } = queryTarget(p.path);
    const database = { project: 'demo-gadget', database: '(default)' };
    const plan = planQuery(
      structuredQuery(collectionId, q),
      `projects/${database.project}/databases/${database.database}/documents${parent}`,
      database,
    );
    expect(() => {
      checkIndexes(plan, indexes);
    }).not.toThrow();
  });
});

/** A path's collection as a query target, wildcards filled with sample ids. */
function queryTarget(path: string): { parent: string; collectionId: string } {
  const segments = path.split('/').map((s) => s.replace(/^\{(\w+)\}$/, 'sample-$1'));
  const collectionId = segments.at(-2);
  if (collectionId === undefined) throw new Error(`Not a document path: ${path}`);
  const parent = segments.slice(0, -2).join('/');
  return { parent: parent === '' ? '' : `/${parent}`, collectionId };
}

/** The query as the SDKs send it: `== null` becomes IS_NULL, as every SDK does. */
function structuredQuery(collectionId: string, query: ReadQuery): StructuredQuery {
  const filters = (query.where ?? []).map(filterProto);
  return {
    from: [{ collectionId }],
    ...(filters.length === 0
      ? {}
      : {
          where: filters.length === 1 ? filters[0] : { compositeFilter: { op: 'AND', filters } },
        }),
    orderBy: (query.orderBy ?? []).map((o) => ({
      field: { fieldPath: o.field },
      direction: o.direction === 'desc' ? 'DESCENDING' : 'ASCENDING',
    })),
    ...(query.limit === undefined ? {} : { limit: { value: query.limit } }),
  };
}

const OPS: Record<QueryFilter['op'], FieldOperator> = {
  '==': 'EQUAL',
  'array-contains': 'ARRAY_CONTAINS',
  in: 'IN',
};

function filterProto(filter: QueryFilter): Filter {
  const field = { fieldPath: filter.field };
  if (filter.op === '==' && filter.value === null) return { unaryFilter: { op: 'IS_NULL', field } };
  return { fieldFilter: { field, op: OPS[filter.op], value: valueProto(filter.value) } };
}

function valueProto(value: QueryValue): Value {
  if (value === null) return { nullValue: 'NULL_VALUE' };
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'number') return { doubleValue: value };
  if (typeof value === 'boolean') return { booleanValue: value };
  if (isList(value)) return { arrayValue: { values: value.map((v) => valueProto(v)) } };
  return { stringValue: 'sample-uid' };
}

/** `Array.isArray` narrows a readonly array to `any[]`; this keeps its element type. */
function isList(value: QueryValue): value is readonly string[] {
  return Array.isArray(value);
}
