// The evaluator and the engine without a server: error absorption, the limits, query proving's
// allowed and denied shapes, matching under both rules versions, and the denial message.
import { describe, expect, it } from 'vitest';
import { planQuery } from '../firestore/data/query-plan.ts';
import type {
  StructuredQuery__Output as StructuredQuery,
  _google_firestore_v1_StructuredQuery_Filter__Output as Filter,
} from '../firestore/generated/google/firestore/v1/StructuredQuery.ts';
import type { Value__Output as FirestoreValue } from '../firestore/generated/google/firestore/v1/Value.ts';
import { Ruleset } from './engine.ts';
import type { RequestMethod } from './engine.ts';
import type { AccessProvider, Value } from './evaluate.ts';
import { ANY_ID } from './match.ts';
import { parseRules } from './parser.ts';
import { proofCases, queryMap } from './firestore/query-proof.ts';
import { RError, RMap } from './values.ts';
import type { RPath } from './values.ts';

const NO_DOCS: AccessProvider = { get: () => null };
const DB = { project: 'p', database: '(default)' };

function rules(body: string, version = "rules_version = '2';"): Ruleset {
  return new Ruleset(
    parseRules(
      `${version}\nservice cloud.firestore {\n  match /databases/{database}/documents {\n${body}\n  }\n}\n`,
    ),
    'cloud.firestore',
  );
}

function decide(
  set: Ruleset,
  method: RequestMethod,
  path: string,
  vars: Record<string, Value> = {},
  access: AccessProvider = NO_DOCS,
) {
  const variables = new Map<string, Value>([
    ['request', new RMap({ auth: new RMap({ uid: 'ann', token: new RMap({}) }), method })],
    ['resource', null],
    ...Object.entries(vars),
  ]);
  return set.decide(
    { method, path: ['databases', '(default)', 'documents', ...path.split('/')], variables },
    access,
  );
}

describe('error absorption (CEL)', () => {
  const set = rules(`
    match /or/{id} { allow get: if resource.data.x == 1 || true; }
    match /and/{id} { allow get: if resource.data.x == 1 && false; }
    match /orFalse/{id} { allow get: if resource.data.x == 1 || false; }
    match /ternary/{id} { allow get: if resource.data.x == 1 ? true : true; }`);
  it('an error || true allows, error && false is false, error || false denies as an error', () => {
    expect(decide(set, 'get', 'or/a').allowed).toBe(true);
    const and = decide(set, 'get', 'and/a');
    expect(and.allowed).toBe(false);
    expect(and.evaluations[0]?.result).toBe('false');
    const orFalse = decide(set, 'get', 'orFalse/a');
    expect(orFalse.evaluations[0]?.result).toBe('error');
    expect(orFalse.reason).toMatch(
      /error for 'get' @ L7:\d+ \(resource\.data\.x == 1 \|\| false\): Null value error/,
    );
  });
  it('a ternary does not absorb an error in its test', () => {
    expect(decide(set, 'get', 'ternary/a').evaluations[0]?.result).toBe('error');
  });
});

describe('variables', () => {
  it('a variable holding null is defined: resource == null on a create', () => {
    const set = rules('match /c/{id} { allow create: if resource == null; }');
    expect(decide(set, 'create', 'c/a').allowed).toBe(true);
  });
});

describe('matching', () => {
  it('{x=**} takes one or more trailing segments under v1, zero or more under v2', () => {
    const body = 'match /tree/{rest=**} { allow get: if true; }';
    const v1 = rules(body, '');
    const v2 = rules(body);
    expect(decide(v1, 'get', 'tree/a/b/c').allowed).toBe(true);
    expect(decide(v2, 'get', 'tree/a/b/c').allowed).toBe(true);
    // A document needs an even number of segments; `tree` itself with zero rest segments is v2 only.
    expect(
      decide(rules('match /{rest=**}/leaf/{id} { allow get: if true; }'), 'get', 'leaf/x').allowed,
    ).toBe(true);
  });
  it('read covers get and list; write covers create, update and delete; a missing allow denies', () => {
    const set = rules('match /c/{id} { allow read: if true; allow delete: if true; }');
    expect(decide(set, 'get', 'c/a').allowed).toBe(true);
    expect(decide(set, 'delete', 'c/a').allowed).toBe(true);
    const create = decide(set, 'create', 'c/a');
    expect(create.allowed).toBe(false);
    expect(create.reason).toMatch(/no allow statement covers 'create'/);
  });
});

describe('limits', () => {
  it('refuses recursion and calls nested deeper than 20', () => {
    const deep = Array.from(
      { length: 22 },
      (_, i) => `function f${String(i)}() { return ${i === 21 ? 'true' : `f${String(i + 1)}()`}; }`,
    ).join('\n');
    const set = rules(
      `${deep}\n function r() { return r(); }\n match /deep/{id} { allow get: if f0(); }\n match /rec/{id} { allow get: if r(); }`,
    );
    expect(decide(set, 'get', 'deep/a').reason).toMatch(/nest deeper than 20/);
    expect(decide(set, 'get', 'rec/a').reason).toMatch(/recursion is not allowed/);
  });
  it('counts a repeated get() once (the per-request cache), and stops at the eleventh distinct one', () => {
    const gets = (n: number, distinct: boolean) =>
      Array.from(
        { length: n },
        (_, i) =>
          `exists(/databases/$(database)/documents/x/${distinct ? `d${String(i)}` : 'same'})`,
      ).join(' || ');
    const set = rules(
      `match /same/{id} { allow get: if !(${gets(15, false)}); }\n match /many/{id} { allow get: if !(${gets(11, true)}); }`,
    );
    let calls = 0;
    const counting: AccessProvider = { get: () => (calls++, null) };
    expect(decide(set, 'get', 'same/a', {}, counting).allowed).toBe(true);
    expect(calls).toBe(1);
    expect(decide(set, 'get', 'many/a').reason).toMatch(/limit of 10 get\/exists calls/);
  });
  it('a get() outside the database root is an error, not a lookup', () => {
    const set = rules('match /c/{id} { allow get: if exists(/elsewhere/x); }');
    const seen: string[] = [];
    const provider: AccessProvider = {
      get: (path: RPath) => {
        seen.push(path.toString());
        return new RError('not a document path');
      },
    };
    expect(decide(set, 'get', 'c/a', {}, provider).allowed).toBe(false);
  });
});

describe('query proving', () => {
  const set = rules(`
    match /rooms/{id} { allow list: if request.auth.uid in resource.data.members; }
    match /posts/{id} { allow list: if resource.data.visibility == 'public' && request.query.limit <= 10; }`);
  type ListQuery = Omit<StructuredQuery, 'from'>;
  const list = (collection: string, q: ListQuery) => {
    const plan = planQuery(
      { from: [{ collectionId: collection }], ...q },
      'projects/p/databases/(default)/documents',
      DB,
    );
    const cases = proofCases(plan);
    if (cases instanceof RError) throw new Error(cases.message);
    return cases.map(
      (resource) =>
        set.decide(
          {
            method: 'list',
            path: ['databases', '(default)', 'documents', collection, ANY_ID],
            variables: new Map<string, Value>([
              ['request', new RMap({ auth: new RMap({ uid: 'ann' }), query: queryMap(plan) })],
              ['resource', resource],
            ]),
          },
          NO_DOCS,
        ).allowed,
    );
  };
  const eq = (field: string, value: FirestoreValue): Filter => ({
    fieldFilter: { field: { fieldPath: field }, op: 'EQUAL', value },
  });
  it('an array-contains filter proves `x in resource.data.list`; no filter, or another value, does not', () => {
    const contains = (uid: string): ListQuery => ({
      where: {
        fieldFilter: {
          field: { fieldPath: 'members' },
          op: 'ARRAY_CONTAINS',
          value: { stringValue: uid },
        },
      },
    });
    expect(list('rooms', contains('ann'))).toEqual([true]);
    expect(list('rooms', contains('bob'))).toEqual([false]);
    expect(list('rooms', {})).toEqual([false]);
  });
  it('equality and in filters pin a field; every value of an in filter must prove it; limit is checked', () => {
    const pub = eq('visibility', { stringValue: 'public' });
    expect(list('posts', { where: pub, limit: { value: 5 } })).toEqual([true]);
    expect(list('posts', { where: pub })).toEqual([false]);
    expect(list('posts', { where: pub, limit: { value: 50 } })).toEqual([false]);
    const within = (values: string[]): ListQuery => ({
      where: {
        fieldFilter: {
          field: { fieldPath: 'visibility' },
          op: 'IN',
          value: { arrayValue: { values: values.map((v) => ({ stringValue: v })) } },
        },
      },
      limit: { value: 5 },
    });
    expect(list('posts', within(['public']))).toEqual([true]);
    expect(list('posts', within(['public', 'private']))).toEqual([true, false]);
  });
  it('each disjunct of an OR query must prove the rule', () => {
    const or: ListQuery = {
      where: {
        compositeFilter: {
          op: 'OR',
          filters: [
            eq('visibility', { stringValue: 'public' }),
            eq('visibility', { stringValue: 'draft' }),
          ],
        },
      },
      limit: { value: 5 },
    };
    expect(list('posts', or)).toEqual([true, false]);
  });
});
