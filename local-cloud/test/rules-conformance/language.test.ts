// The rules language under rules_version '2': match paths and nesting, wildcards and recursive
// wildcards, allow methods and how they overlap, functions and let, error absorption by && and ||,
// and `is` type checks.
import { collection, deleteDoc, doc, getDoc, getDocs, setDoc, updateDoc } from 'firebase/firestore';
import { GeoPoint, Timestamp } from 'firebase-admin/firestore';
import type { Case } from './cases.ts';
import { DOCS, Ref, block, cite, errs, expr, getX, runCases } from './cases.ts';

const structure = (quote: string) => cite(DOCS.structure, quote);
const errors = (quote: string) => cite(DOCS.storageReference, quote);

const OVERLAP =
  'It is possible for a document to match more than one match statement. In the case where multiple allow expressions match a request, the access is allowed if any of the conditions is true.';
const GRANULAR =
  'read can be broken into get (single document read requests) and list (queries and collection read requests); write into create (writes to nonexistent documents), update (writes to existing documents) and delete.';
const ERROR_SOURCES =
  'Common places where errors are raised are: division by zero, accessing values in a list or map that do not exist, and passing values of the incorrect type to a function.';
const ABSORB =
  'Rules continue evaluation when errors are encountered: conditional && and || expressions may absorb an error if the conditional would otherwise short-circuit to false or true respectively.';
const FUNCTION_SCOPE =
  'Functions can automatically access functions and variables from the scope in which they are defined, e.g. the resource variable and built-in functions such as get() and exists().';
const FIELD_TYPES = cite(
  DOCS.fields,
  'Enforcing field types: `docData.score is int && docData.name is string && docData.tags is list`; the is operator checks a value against one of the rules types (bool, bytes, float, int, list, latlng, number, path, map, string, timestamp).',
);

// The error every error case uses: integer division by zero, a bool were it not an error.
const ERROR = '1 / 0 == 12345';

const matchPaths: Case[] = [
  {
    title: 'a rule on a collection does not reach its subcollections',
    cite: structure(
      'Security rules apply only at the matched path, so the access controls defined on the cities collection do not apply to the landmarks subcollection.',
    ),
    rules: block('allow read: if true;'),
    run: ({ col, client }) => getDoc(doc(client(), `${col}/a/sub/b`)),
    expect: 'deny',
  },
  {
    title: 'a nested match grants its subcollection what the outer match does not',
    cite: structure('You can write explicit rules to control access to subcollections.'),
    rules: (col) =>
      `match /${col}/{doc} { allow read: if false; match /sub/{s} { allow read: if true; } }`,
    run: ({ col, client }) => getDoc(doc(client(), `${col}/a/sub/b`)),
    expect: 'allow',
  },
  {
    title: 'an inner match path is relative to its outer match',
    cite: structure(
      'When nesting match statements, the path of the inner match statement is always relative to the path of the outer match statement.',
    ),
    rules: (col) => `match /${col}/{doc} { match /${col}x/{s} { allow read: if true; } }`,
    run: ({ col, client }) => getDoc(doc(client(), `${col}x/b`)),
    expect: 'deny',
  },
  {
    title: 'a wildcard holds the document id',
    cite: structure(
      'When the match statement allow expression is evaluated, the city variable will resolve to the city document name, such as SF or NYC.',
    ),
    rules: block("allow get: if city == 'SF';", 'city'),
    run: ({ col, client }) => getDoc(doc(client(), `${col}/SF`)),
    expect: 'allow',
  },
  {
    title: 'a wildcard condition on another document id is false',
    cite: structure('The city variable will resolve to the city document name, such as SF or NYC.'),
    rules: block("allow get: if city == 'SF';", 'city'),
    run: ({ col, client }) => getDoc(doc(client(), `${col}/NYC`)),
    expect: 'deny',
  },
  {
    title: "an inner match sees the outer match's wildcard",
    cite: structure(
      'When nesting match statements, the inner path is relative to the outer one; the wildcard variables of the enclosing path (city) are available to the nested rules.',
    ),
    rules: (col) =>
      `match /${col}/{city} { match /sub/{s} { allow get: if city == 'SF' && s == 'x'; } }`,
    run: ({ col, client }) => getDoc(doc(client(), `${col}/SF/sub/x`)),
    expect: 'allow',
  },
  {
    title: 'a match can name one document',
    cite: structure('Match statements can point to a specific document, as in match /cities/SF.'),
    rules: (col) => `match /${col}/SF { allow get: if true; }`,
    run: ({ col, client }) => getDoc(doc(client(), `${col}/SF`)),
    expect: 'allow',
  },
  {
    title: 'a match naming one document does not cover its siblings',
    cite: structure('Match statements can point to a specific document, as in match /cities/SF.'),
    rules: (col) => `match /${col}/SF { allow get: if true; }`,
    run: ({ col, client }) => getDoc(doc(client(), `${col}/NYC`)),
    expect: 'deny',
  },
  {
    title: 'a recursive wildcard reaches documents in subcollections at any depth',
    cite: structure(
      'If you want rules to apply to an arbitrarily deep hierarchy, use the recursive wildcard syntax, {name=**}.',
    ),
    rules: block('allow read: if true;', 'document=**'),
    run: ({ col, client }) => getDoc(doc(client(), `${col}/a/b/c/d/e`)),
    expect: 'allow',
  },
  {
    title: 'under version 2 a recursive wildcard matches zero path items',
    cite: structure(
      'In version 2, recursive wildcards match zero or more path items. match/cities/{city}/{document=**} matches documents in any subcollections as well as documents in the cities collection.',
    ),
    rules: (col) => `match /${col}/{city}/{document=**} { allow get: if true; }`,
    run: ({ col, client }) => getDoc(doc(client(), `${col}/SF`)),
    expect: 'allow',
  },
  {
    title: 'under version 2 a recursive wildcard may come before a collection',
    cite: cite(
      DOCS.query,
      'Collection group queries: rules_version 2, match /{path=**}/posts/{post} matches every posts document, whatever its parents.',
    ),
    rules: (col) => `match /{path=**}/${col}/{post} { allow get: if true; }`,
    run: ({ col, client }) => getDoc(doc(client(), `p/q/${col}/d`)),
    expect: 'allow',
  },
  {
    title: 'a leading recursive wildcard also matches the top-level collection',
    cite: structure('In version 2, recursive wildcards match zero or more path items.'),
    rules: (col) => `match /{path=**}/${col}/{post} { allow get: if true; }`,
    run: ({ col, client }) => getDoc(doc(client(), `${col}/d`)),
    expect: 'allow',
  },
];

const methods: Case[] = [
  {
    title: 'read covers a get',
    cite: structure(GRANULAR),
    rules: block('allow read: if true;'),
    run: getX,
    expect: 'allow',
  },
  {
    title: 'read covers a list',
    cite: structure(GRANULAR),
    rules: block('allow read: if true;'),
    run: ({ col, client }) => getDocs(collection(client(), col)),
    expect: 'allow',
  },
  {
    title: 'get does not cover a list',
    cite: structure(GRANULAR),
    rules: block('allow get: if true;'),
    run: ({ col, client }) => getDocs(collection(client(), col)),
    expect: 'deny',
  },
  {
    title: 'list does not cover a get',
    cite: structure(GRANULAR),
    rules: block('allow list: if true;'),
    run: getX,
    expect: 'deny',
  },
  {
    title: 'write covers a create',
    cite: structure(GRANULAR),
    rules: block('allow write: if true;'),
    run: ({ col, client }) => setDoc(doc(client(), col, 'new'), { a: 1 }),
    expect: 'allow',
  },
  {
    title: 'write covers an update',
    cite: structure(GRANULAR),
    rules: block('allow write: if true;'),
    setup: { old: { a: 1 } },
    run: ({ col, client }) => updateDoc(doc(client(), col, 'old'), { a: 2 }),
    expect: 'allow',
  },
  {
    title: 'write covers a delete',
    cite: structure(GRANULAR),
    rules: block('allow write: if true;'),
    setup: { old: { a: 1 } },
    run: ({ col, client }) => deleteDoc(doc(client(), col, 'old')),
    expect: 'allow',
  },
  {
    title: 'create covers a write to a nonexistent document',
    cite: structure(GRANULAR),
    rules: block('allow create: if true;'),
    run: ({ col, client }) => setDoc(doc(client(), col, 'new'), { a: 1 }),
    expect: 'allow',
  },
  {
    title: 'create does not cover a set of an existing document (an update)',
    cite: structure(GRANULAR),
    rules: block('allow create: if true;'),
    setup: { old: { a: 1 } },
    run: ({ col, client }) => setDoc(doc(client(), col, 'old'), { a: 2 }),
    expect: 'deny',
  },
  {
    title: 'update covers a set of an existing document',
    cite: structure(GRANULAR),
    rules: block('allow update: if true;'),
    setup: { old: { a: 1 } },
    run: ({ col, client }) => setDoc(doc(client(), col, 'old'), { a: 2 }),
    expect: 'allow',
  },
  {
    title: 'update does not cover a create',
    cite: structure(GRANULAR),
    rules: block('allow update: if true;'),
    run: ({ col, client }) => setDoc(doc(client(), col, 'new'), { a: 1 }),
    expect: 'deny',
  },
  {
    title: 'delete covers a delete',
    cite: structure(GRANULAR),
    rules: block('allow delete: if true;'),
    setup: { old: { a: 1 } },
    run: ({ col, client }) => deleteDoc(doc(client(), col, 'old')),
    expect: 'allow',
  },
  {
    title: 'delete does not cover an update',
    cite: structure(GRANULAR),
    rules: block('allow delete: if true;'),
    setup: { old: { a: 1 } },
    run: ({ col, client }) => updateDoc(doc(client(), col, 'old'), { a: 2 }),
    expect: 'deny',
  },
  {
    title: 'a request no allow statement covers',
    cite: cite(
      DOCS.behavior,
      'Rule: the allow statement, which includes a condition that permits a request if it evaluates to true.',
    ),
    rules: block('allow read: if true;'),
    run: ({ col, client }) => setDoc(doc(client(), col, 'new'), { a: 1 }),
    expect: 'deny',
  },
  {
    title: 'an allow statement without a condition',
    cite: cite(
      DOCS.storageReference,
      'An allow rule without a condition always allows the desired method.',
    ),
    rules: block('allow get;'),
    run: getX,
    expect: 'allow',
  },
  {
    title: 'one allow statement names several methods',
    cite: cite(
      DOCS.behavior,
      'service <<name>> { match <<path>> { allow <<methods>> : if <<condition>> } }',
    ),
    rules: block('allow get, create: if true;'),
    run: ({ col, client }) => setDoc(doc(client(), col, 'new'), { a: 1 }),
    expect: 'allow',
  },
];

const overlap: Case[] = [
  {
    title: 'two allow statements of one block, one false and one true',
    cite: structure(OVERLAP),
    rules: block('allow get: if false; allow get: if true;'),
    run: getX,
    expect: 'allow',
  },
  {
    title: 'two match blocks over one document, one false and one true',
    cite: structure(OVERLAP),
    rules: (col) =>
      `match /${col}/{doc} { allow get: if false; } match /${col}/{rest=**} { allow get: if true; }`,
    run: getX,
    expect: 'allow',
  },
  {
    title: 'two match blocks over one document, both false',
    cite: structure(OVERLAP),
    rules: (col) =>
      `match /${col}/{doc} { allow get: if false; } match /${col}/{rest=**} { allow get: if false; }`,
    run: getX,
    expect: 'deny',
  },
  {
    title: 'an erroring allow statement beside a true one',
    cite: structure(OVERLAP),
    rules: block(`allow get: if ${ERROR}; allow get: if true;`),
    run: getX,
    expect: 'allow',
  },
  {
    title: 'a read allow and a get allow overlap for a get',
    cite: structure(OVERLAP),
    rules: block('allow read: if false; allow get: if true;'),
    run: getX,
    expect: 'allow',
  },
];

const functions: Case[] = [
  {
    title: 'a function with a parameter returns its expression',
    cite: cite(
      DOCS.conditions,
      'Custom functions: wrap sets of conditions in functions that you can reuse; a function takes arguments and contains a single return statement.',
    ),
    rules: block('function is1(x) { return x == 1; } allow get: if is1(1);'),
    run: getX,
    expect: 'allow',
  },
  {
    title: 'a function returning false',
    cite: cite(
      DOCS.conditions,
      'A function contains a single return statement whose value is its result.',
    ),
    rules: block('function is1(x) { return x == 1; } allow get: if is1(2);'),
    run: getX,
    expect: 'deny',
  },
  {
    title: 'a function reads a wildcard of the scope it is defined in',
    cite: structure(FUNCTION_SCOPE),
    rules: block("function isA() { return doc == 'a'; } allow get: if isA();"),
    run: ({ col, client }) => getDoc(doc(client(), col, 'a')),
    expect: 'allow',
  },
  {
    title: 'a function reads request: signed out',
    cite: structure(FUNCTION_SCOPE),
    rules: block('function signedIn() { return request.auth != null; } allow get: if signedIn();'),
    run: ({ col, client }) => getDoc(doc(client(null), col, 'x')),
    expect: 'deny',
  },
  {
    title: 'a function reads request: signed in',
    cite: structure(FUNCTION_SCOPE),
    rules: block('function signedIn() { return request.auth != null; } allow get: if signedIn();'),
    run: getX,
    expect: 'allow',
  },
  {
    title: 'a function calls get()',
    cite: structure(FUNCTION_SCOPE),
    rules: (col) =>
      `match /${col}/{doc} { function flag() { return get(/databases/$(database)/documents/${col}/flag).data.on == true; } allow get: if flag(); }`,
    setup: { flag: { on: true } },
    run: getX,
    expect: 'allow',
  },
  {
    title: 'let bindings in a function',
    cite: structure(
      'In rules version v2, functions can define variables using the let keyword. Functions can have up to 10 let bindings, but must end with a return statement.',
    ),
    rules: block(
      'function six() { let a = 2; let b = a * 3; return b == 6; } allow get: if six();',
    ),
    run: getX,
    expect: 'allow',
  },
  {
    title: 'a function calls another function',
    cite: structure('Functions may call other functions but may not recurse.'),
    rules: block(
      'function inc(x) { return x + 1; } function two() { return inc(1) == 2; } allow get: if two();',
    ),
    run: getX,
    expect: 'allow',
  },
  {
    title: 'a function calling itself',
    cite: structure(
      'Functions may call other functions but may not recurse. Security rule limits: maximum number of recursive or cyclical function calls: 0 (not permitted).',
    ),
    rules: block('function down(n) { return n <= 0 ? true : down(n - 1); } allow get: if down(1);'),
    run: getX,
    expect: 'deny',
    localOnly:
      'the official compiler may refuse a recursive function when the ruleset loads, which would refuse every case of the file',
  },
  {
    title: 'a function of an outer match is visible in an inner match',
    cite: structure(FUNCTION_SCOPE),
    rules: (col) =>
      `match /${col}/{a} { function ok() { return a == 'p'; } match /sub/{b} { allow get: if ok(); } }`,
    run: ({ col, client }) => getDoc(doc(client(), `${col}/p/sub/q`)),
    expect: 'allow',
  },
];

const errorSemantics: Case[] = [
  errs('integer division by zero is an error', errors(ERROR_SOURCES), ERROR),
  errs('a missing map key is an error', errors(ERROR_SOURCES), "{'a': 1}.b == 1"),
  errs('a list index out of range is an error', errors(ERROR_SOURCES), '[1, 2][5] == 1'),
  errs(
    'a field the document does not have is an error',
    errors("Error, key doesn't exist: resource.metadata.nonExistentKey == 'value'"),
    "resource.data.nonExistentKey == 'value'",
    { setup: { x: { present: 1 } } },
  ),
  errs(
    'an unknown duration unit is an error',
    errors(
      "Error, no unit 'y' exists: request.time < resource.timeCreated + duration.value(1, 'y')",
    ),
    "duration.value(1, 'y') > duration.value(0, 's')",
  ),
  expr('an erroring condition denies', errors(ABSORB), ERROR, 'deny'),
  errs('error && true is an error', errors(`${ABSORB} error && true: error`), `${ERROR} && true`),
  expr(
    'error && false is false',
    errors(`${ABSORB} error && false: false`),
    `!(${ERROR} && false)`,
  ),
  expr('false && error is false', errors(ABSORB), `!(false && ${ERROR})`),
  expr('error || true is true', errors(`${ABSORB} error || true: true`), `${ERROR} || true`),
  expr('true || error is true', errors(ABSORB), `true || ${ERROR}`),
  errs(
    'error || false is an error',
    errors(`${ABSORB} error || false: error`),
    `${ERROR} || false`,
  ),
];

const typeChecks: Case[] = (
  [
    ['a string field is string', 'D.s is string'],
    ['an integer field is int', 'D.i is int'],
    ['a double field is float', 'D.f is float'],
    ['an integer field is not float', '!(D.i is float)'],
    ['an integer field is number', 'D.i is number'],
    ['a double field is number', 'D.f is number'],
    ['a boolean field is bool', 'D.b is bool'],
    ['an array field is list', 'D.l is list'],
    ['a map field is map', 'D.m is map'],
    ['a timestamp field is timestamp', 'D.t is timestamp'],
    ['a geopoint field is latlng', 'D.g is latlng'],
    ['a bytes field is bytes', 'D.y is bytes'],
    ['a reference field is path', 'D.r is path'],
    ['a string field is not int', '!(D.s is int)'],
  ] as const
).map(([title, check]) =>
  expr(title, FIELD_TYPES, check.replace('D.', 'resource.data.'), 'allow', {
    setup: {
      x: {
        s: 'text',
        i: 3,
        f: 1.5,
        b: true,
        l: [1, 'two'],
        m: { k: 'v' },
        t: Timestamp.fromMillis(1_000),
        g: new GeoPoint(1.5, 2.5),
        y: Buffer.from([1, 2]),
        r: new Ref('other/doc'),
      },
    },
  }),
);

runCases('rules-language', '2', {
  'match paths and wildcards': matchPaths,
  'allow methods': methods,
  'overlapping allows': overlap,
  functions,
  'errors and their absorption': errorSemantics,
  'is type checks': typeChecks,
});
