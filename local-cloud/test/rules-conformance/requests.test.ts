// What a request shows the rules: request.auth and its token claims, request.method, request.path,
// request.time and server timestamps, resource and request.resource on reads, creates, updates and
// deletes, get/exists/getAfter/existsAfter (getAfter seeing the batch), the access-call limits, and
// query proving ("rules are not filters") with request.query.
import {
  Timestamp,
  collection,
  collectionGroup,
  deleteDoc,
  deleteField,
  doc,
  getDoc,
  getDocs,
  limit,
  orderBy,
  query,
  serverTimestamp,
  setDoc,
  updateDoc,
  where,
  writeBatch,
} from 'firebase/firestore';
import type { QueryConstraint } from 'firebase/firestore';
import type { Case, Ctx } from './cases.ts';
import { DOCS, block, cite, expr, getX, runCases } from './cases.ts';

const request = (quote: string) => cite(DOCS.ref('rules.firestore.Request'), quote);
const firestoreNs = (quote: string) => cite(DOCS.ref('rules.firestore'), quote);
const conditions = (quote: string) => cite(DOCS.conditions, quote);
const fields = (quote: string) => cite(DOCS.fields, quote);
const queries = (quote: string) => cite(DOCS.query, quote);
const limits = (quote: string) => cite(DOCS.structure, quote);

const NOT_FILTERS =
  'Security rules are not filters—queries are all or nothing. Firestore evaluates a query against its potential result set instead of the actual field values for all of your documents. If a query could potentially return documents that the client does not have permission to read, the entire request fails.';
const LIMIT_10 =
  'Maximum number of exists(), get(), and getAfter() calls per request: 10 for single-document requests and query requests. Exceeding either limit results in a permission denied error.';
const LIMIT_20 =
  'Maximum number of exists(), get(), and getAfter() calls per request: 20 for multi-document reads, transactions, and batched writes. The previous limit of 10 also applies to each operation.';
const GET_AFTER =
  'getAfter(path): get the projected contents of a document. The document is returned as if the current request had succeeded. Useful for validating documents that are part of a batched write or transaction.';

const setX =
  (data: object) =>
  ({ col, client }: Ctx) =>
    setDoc(doc(client(), col, 'x'), data);
const updateOld =
  (data: object) =>
  ({ col, client }: Ctx) =>
    updateDoc(doc(client(), col, 'old'), data);
const deleteOld = ({ col, client }: Ctx) => deleteDoc(doc(client(), col, 'old'));
const asWho =
  (who: Parameters<Ctx['client']>[0]) =>
  ({ col, client }: Ctx) =>
    getDoc(doc(client(who), col, 'x'));

const doc_ = (col: string, id: string) => `/databases/$(database)/documents/${col}/${id}`;

/** Lists the test collection, optionally narrowed by query constraints. */
const list =
  (...constraints: QueryConstraint[]) =>
  ({ col, client }: Ctx) =>
    getDocs(query(collection(client(), col), ...constraints));
const listWhere = (field: string, value: unknown) => list(where(field, '==', value));

/** A write of a batch: a document of a collection, and the data to set or `'delete'`. */
type BatchWrite = readonly [parent: string, id: string, data: object | 'delete'];

/** Commits one batch as the default client; `writes` names its writes for the test's collection. */
const batch =
  (writes: (col: string) => BatchWrite[]) =>
  ({ col, client }: Ctx) => {
    const db = client();
    const b = writeBatch(db);
    for (const [parent, id, data] of writes(col)) {
      if (data === 'delete') b.delete(doc(db, parent, id));
      else b.set(doc(db, parent, id), data);
    }
    return b.commit();
  };

const auth: Case[] = [
  expr(
    'request.auth is null when signed out',
    conditions(
      'Allow the user to access documents only if they are authenticated: allow read, write: if request.auth != null;',
    ),
    'request.auth != null',
    'deny',
    { run: asWho(null) },
  ),
  expr(
    'request.auth is set when signed in',
    conditions('allow read, write: if request.auth != null;'),
    'request.auth != null',
  ),
  {
    title: "request.auth.uid is the caller's uid",
    cite: conditions(
      'Make sure the uid of the requesting user matches name of the user document: allow read, update, delete: if request.auth != null && request.auth.uid == userId;',
    ),
    rules: block('allow get: if request.auth != null && request.auth.uid == userId;', 'userId'),
    run: ({ col, client }) => getDoc(doc(client('ann'), col, 'ann')),
    expect: 'allow',
  },
  {
    title: "another user's document",
    cite: conditions(
      'allow read, update, delete: if request.auth != null && request.auth.uid == userId;',
    ),
    rules: block('allow get: if request.auth != null && request.auth.uid == userId;', 'userId'),
    run: ({ col, client }) => getDoc(doc(client('ann'), col, 'bob')),
    expect: 'deny',
  },
  expr(
    "token.sub is the user's uid",
    request("token.sub: the user's Firebase UID. This is unique within a project."),
    'request.auth.token.sub == request.auth.uid',
  ),
  expr(
    'token.email and email_verified',
    request(
      'token.email: the email address associated with the account, if present; email_verified: true if the user has verified they have access to the email address.',
    ),
    "request.auth.token.email == 'ann@example.com' && request.auth.token.email_verified == true",
    'allow',
    {
      run: asWho({ uid: 'ann', claims: { email: 'ann@example.com', email_verified: true } }),
    },
  ),
  expr(
    'token.name',
    request("token.name: the user's display name, if set."),
    "request.auth.token.name == 'Ann'",
    'allow',
    { run: asWho({ uid: 'ann', claims: { name: 'Ann' } }) },
  ),
  expr(
    'a custom claim in the token',
    cite(
      DOCS.customClaims,
      'Custom claims are available in security rules: allow read: if request.auth.token.admin == true;',
    ),
    'request.auth.token.admin == true',
    'allow',
    { run: asWho({ uid: 'ann', claims: { admin: true } }) },
  ),
  expr(
    'a token without the custom claim',
    cite(DOCS.customClaims, 'allow read: if request.auth.token.admin == true;'),
    'request.auth.token.admin == true',
    'deny',
  ),
  expr(
    'firebase.sign_in_provider',
    request(
      'firebase.sign_in_provider: the sign-in provider used to obtain this token: custom, password, phone, anonymous, google.com, facebook.com, github.com, twitter.com.',
    ),
    "request.auth.token.firebase.sign_in_provider == 'google.com'",
    'allow',
    {
      run: asWho({
        uid: 'ann',
        claims: { firebase: { sign_in_provider: 'google.com', identities: {} } },
      }),
    },
  ),
  expr(
    'an anonymous sign-in refused by its provider',
    request('firebase.sign_in_provider ... anonymous'),
    "request.auth.token.firebase.sign_in_provider != 'anonymous'",
    'deny',
    {
      run: asWho({
        uid: 'anon',
        claims: { firebase: { sign_in_provider: 'anonymous', identities: {} } },
      }),
    },
  ),
  expr(
    'firebase.identities',
    request(
      'request.auth.token.firebase.identities["google.com"][0] contains the first Google user ID associated with the account.',
    ),
    "request.auth.token.firebase.identities['google.com'][0] == 'g-1'",
    'allow',
    {
      run: asWho({
        uid: 'ann',
        claims: {
          firebase: { sign_in_provider: 'google.com', identities: { 'google.com': ['g-1'] } },
        },
      }),
    },
  ),
];

const METHOD = 'method: the request method. One of: get, list, create, update, delete.';
const requestFields: Case[] = [
  expr('request.method of a get', request(METHOD), "request.method == 'get'"),
  {
    ...expr('request.method of a list', request(METHOD), "request.method == 'list'"),
    rules: block("allow list: if request.method == 'list';"),
    run: list(),
  },
  {
    ...expr('request.method of a create', request(METHOD), ''),
    rules: block("allow create: if request.method == 'create';"),
    run: setX({ a: 1 }),
  },
  {
    ...expr('request.method of an update', request(METHOD), ''),
    rules: block("allow update: if request.method == 'update';"),
    setup: { old: { a: 1 } },
    run: updateOld({ a: 2 }),
  },
  {
    ...expr('request.method of a delete', request(METHOD), ''),
    rules: block("allow delete: if request.method == 'delete';"),
    setup: { old: { a: 1 } },
    run: deleteOld,
  },
  {
    ...expr('request.path', request('path: path of the affected resource.'), ''),
    rules: (col) => block(`allow get: if request.path == ${doc_(col, '$(doc)')};`)(col),
  },
  expr(
    'request.time',
    request('time: when the request was received by the service.'),
    'request.time is timestamp && request.time > timestamp.date(2020, 1, 1)',
  ),
  {
    title: 'request.time equals a server timestamp of the write',
    cite: request(
      'For Firestore write operations that include server-side timestamps, this time will be equal to the server timestamp: request.time == request.resource.data.myServerTimestampField',
    ),
    rules: block('allow create: if request.resource.data.t == request.time;'),
    run: setX({ t: serverTimestamp() }),
    expect: 'allow',
  },
  {
    title: 'a client timestamp is not request.time',
    cite: request(
      'request.time == request.resource.data.myServerTimestampField makes sure the field was set using a server-side timestamp.',
    ),
    rules: block('allow create: if request.resource.data.t == request.time;'),
    run: setX({ t: Timestamp.fromMillis(0) }),
    expect: 'deny',
  },
];

const REQUIRES_NAME_AND_LOCATION =
  "allow create: if request.resource.data.keys().hasAll(['name', 'location']);";
const ONLY_NAME_AND_LOCATION =
  "allow create: if request.resource.data.keys().hasOnly(['name', 'location']);";
const CHANGES_ONLY_NAME =
  "allow update: if request.resource.data.diff(resource.data).affectedKeys().hasOnly(['name']);";

/** A case on a rule as the fields guide quotes it; it allows unless the case says otherwise. */
const quotedRule = (title: string, rule: string): Omit<Case, 'run'> => ({
  title,
  cite: fields(rule),
  rules: block(rule),
  expect: 'allow',
});

const RESOURCE = conditions(
  'The resource variable refers to the requested document, and resource.data is a map of all of the fields and values stored in the document.',
);
const FUTURE = conditions(
  'The request.resource variable contains the future state of the document.',
);
const resources: Case[] = [
  expr('resource.data of a get', RESOURCE, "resource.data.owner == 'ann'", 'allow', {
    setup: { x: { owner: 'ann' } },
  }),
  expr('resource.data of a get, false', RESOURCE, "resource.data.owner == 'bob'", 'deny', {
    setup: { x: { owner: 'ann' } },
  }),
  expr(
    'resource.id',
    cite(DOCS.ref('rules.firestore.Resource'), 'id: the document ID.'),
    "resource.id == 'x'",
    'allow',
    { setup: { x: { a: 1 } } },
  ),
  {
    ...expr(
      'resource.__name__',
      cite(DOCS.ref('rules.firestore.Resource'), '__name__: the full document name, as a path.'),
      '',
    ),
    rules: (col) => block(`allow get: if resource.__name__ == ${doc_(col, 'x')};`)(col),
    setup: { x: { a: 1 } },
  },
  {
    ...expr('request.resource.data on a create', FUTURE, ''),
    rules: block(
      'allow create: if request.resource.data.score is int && request.resource.data.score > 0;',
    ),
    run: setX({ score: 5 }),
  },
  {
    ...expr('request.resource.data on a create, invalid', FUTURE, ''),
    rules: block(
      'allow create: if request.resource.data.score is int && request.resource.data.score > 0;',
    ),
    run: setX({ score: -1 }),
    expect: 'deny',
  },
  {
    ...expr('request.resource.data on an update holds the fields the update leaves', FUTURE, ''),
    rules: block('allow update: if request.resource.data.a == 1 && request.resource.data.b == 2;'),
    setup: { old: { a: 1 } },
    run: updateOld({ b: 2 }),
  },
  {
    ...expr('resource.data on an update is the stored document', RESOURCE, ''),
    rules: block('allow update: if resource.data.a == 1 && request.resource.data.a == 2;'),
    setup: { old: { a: 1 } },
    run: updateOld({ a: 2 }),
  },
  {
    ...expr('resource.data on a delete', RESOURCE, ''),
    rules: block('allow delete: if resource.data.owner == request.auth.uid;'),
    setup: { old: { owner: 'ann' } },
    run: deleteOld,
  },
  {
    ...expr("resource.data on a delete of another's document", RESOURCE, ''),
    rules: block('allow delete: if resource.data.owner == request.auth.uid;'),
    setup: { old: { owner: 'bob' } },
    run: deleteOld,
    expect: 'deny',
  },
  {
    ...quotedRule(
      'keys().hasAll() on a create with the required fields',
      REQUIRES_NAME_AND_LOCATION,
    ),
    run: setX({ name: 'n', location: 'l', extra: 1 }),
  },
  {
    ...quotedRule('keys().hasAll() on a create missing one', REQUIRES_NAME_AND_LOCATION),
    run: setX({ name: 'n' }),
    expect: 'deny',
  },
  {
    ...quotedRule('keys().hasOnly() on a create with another field', ONLY_NAME_AND_LOCATION),
    run: setX({ name: 'n', extra: 1 }),
    expect: 'deny',
  },
  {
    ...quotedRule(
      'diff().affectedKeys().hasOnly() on an update of an allowed field',
      CHANGES_ONLY_NAME,
    ),
    setup: { old: { name: 'a', role: 'user' } },
    run: updateOld({ name: 'b' }),
  },
  {
    ...quotedRule(
      'diff().affectedKeys().hasOnly() on an update of another field',
      CHANGES_ONLY_NAME,
    ),
    setup: { old: { name: 'a', role: 'user' } },
    run: updateOld({ role: 'admin' }),
    expect: 'deny',
  },
  {
    ...expr(
      'a deleted field is among removedKeys()',
      cite(
        DOCS.ref('rules.MapDiff'),
        'removedKeys(): a rules.Set of any keys that the Map calling diff() does not contain compared to the Map passed to diff().',
      ),
      '',
    ),
    rules: block(
      "allow update: if request.resource.data.diff(resource.data).removedKeys() == ['b'].toSet();",
    ),
    setup: { old: { a: 1, b: 2 } },
    run: updateOld({ b: deleteField() }),
  },
];

// A create that getAfter() lets through when the batch also writes <col>l/<same id> by the caller.
const createdByTheLinkedWrite = (col: string) =>
  `match /${col}/{id} { allow create: if getAfter(${doc_(`${col}l`, '$(id)')}).data.by == request.auth.uid; } match /${col}l/{id} { allow create: if true; }`;

// One batch: the create of <col>/a, and ann's write of <col>l/a that the rules look at.
const createWithLinkedWrite = batch((col) => [
  [col, 'a', { v: 1 }],
  [`${col}l`, 'a', { by: 'ann' }],
]);

const access: Case[] = [
  expr(
    'exists() of a document that exists',
    firestoreNs('exists(path): check if a document exists.'),
    'true',
    'allow',
    {
      rules: (col) => block(`allow get: if exists(${doc_(col, 'other')});`)(col),
      setup: { other: { a: 1 } },
    },
  ),
  expr(
    'exists() of a document that does not',
    firestoreNs('exists(path): true if the resource exists.'),
    'true',
    'deny',
    {
      rules: (col) => block(`allow get: if exists(${doc_(col, 'missing')});`)(col),
    },
  ),
  expr(
    'get().data',
    conditions(
      'Access other documents: allow delete: if get(/databases/$(database)/documents/users/$(request.auth.uid)).data.admin == true;',
    ),
    'true',
    'allow',
    {
      rules: (col) =>
        block(
          `allow get: if get(/databases/$(database)/documents/${col}u/$(request.auth.uid)).data.admin == true;`,
        )(col),
      setup: { '+u/ann': { admin: true } },
    },
  ),
  expr(
    'get() of a missing document is null',
    firestoreNs('get(path): returns the document, or null if it does not exist.'),
    'true',
    'allow',
    {
      rules: (col) => block(`allow get: if get(${doc_(col, 'missing')}) == null;`)(col),
    },
  ),
  expr(
    'a path built with $(wildcard)',
    conditions(
      'Use $(variable) in a path to insert a wildcard value: get(/databases/$(database)/documents/users/$(request.auth.uid))',
    ),
    'true',
    'allow',
    {
      rules: (col) => block(`allow get: if get(${doc_(`${col}x`, '$(doc)')}).data.v == 1;`)(col),
      setup: { '+x/x': { v: 1 } },
    },
  ),
  {
    title: 'getAfter() sees the other writes of the batch',
    cite: firestoreNs(GET_AFTER),
    rules: createdByTheLinkedWrite,
    run: createWithLinkedWrite,
    expect: 'allow',
  },
  {
    title: 'getAfter() without the companion write',
    cite: firestoreNs(GET_AFTER),
    rules: createdByTheLinkedWrite,
    run: batch((col) => [
      [col, 'a', { v: 1 }],
      [`${col}l`, 'other', { by: 'ann' }],
    ]),
    expect: 'deny',
  },
  {
    title: 'exists() sees the database before the batch, existsAfter() after it',
    cite: firestoreNs(
      'existsAfter(path): check if a document exists, assuming the current request succeeds. Equivalent to getAfter(path) != null.',
    ),
    rules: (col) =>
      `match /${col}/{id} { allow create: if !exists(${doc_(`${col}l`, '$(id)')}) && existsAfter(${doc_(`${col}l`, '$(id)')}); } match /${col}l/{id} { allow create: if true; }`,
    run: createWithLinkedWrite,
    expect: 'allow',
  },
  {
    title: 'existsAfter() of a document the batch deletes',
    cite: firestoreNs(
      'existsAfter(path): check if a document exists, assuming the current request succeeds.',
    ),
    rules: (col) =>
      `match /${col}/{id} { allow create: if exists(${doc_(`${col}l`, 'gone')}) && !existsAfter(${doc_(`${col}l`, 'gone')}); } match /${col}l/{id} { allow delete: if true; }`,
    setup: { '+l/gone': { by: 'ann' } },
    run: batch((col) => [
      [col, 'a', { v: 1 }],
      [`${col}l`, 'gone', 'delete'],
    ]),
    expect: 'allow',
  },
  {
    title: "getAfter() of the request's own document",
    cite: firestoreNs(GET_AFTER),
    rules: (col) => block(`allow create: if getAfter(${doc_(col, '$(doc)')}).data.v == 1;`)(col),
    run: setX({ v: 1 }),
    expect: 'allow',
  },
];

const existsChain = (col: string, from: number, count: number): string =>
  Array.from(
    { length: count },
    (_, i) => `exists(${doc_(`${col}d`, `d${String(from + i)}`)})`,
  ).join(' && ');

// The documents the limit cases count: <col>d/d1 ... <col>d/d21.
const counted = Object.fromEntries(
  Array.from({ length: 21 }, (_, i) => [`+d/d${String(i + 1)}`, { i }]),
);

const limitCases: Case[] = (
  [
    {
      title: 'a get making 10 access calls',
      cite: limits(LIMIT_10),
      rules: (col) => block(`allow get: if ${existsChain(col, 1, 10)};`)(col),
      run: getX,
      expect: 'allow',
    },
    {
      title: 'a get making 11 access calls',
      cite: limits(LIMIT_10),
      rules: (col) => block(`allow get: if ${existsChain(col, 1, 11)};`)(col),
      run: getX,
      expect: 'deny',
    },
    {
      title: 'a query making 11 access calls',
      cite: limits(LIMIT_10),
      rules: (col) => block(`allow list: if ${existsChain(col, 1, 11)};`)(col),
      run: list(),
      expect: 'deny',
    },
    {
      title: 'a batch of two writes making 20 access calls, 10 each',
      cite: limits(LIMIT_20),
      rules: (col) =>
        block(
          `allow create: if (doc == 'a' && ${existsChain(col, 1, 10)}) || (doc == 'b' && ${existsChain(col, 11, 10)});`,
        )(col),
      run: batch((col) => [
        [col, 'a', { v: 1 }],
        [col, 'b', { v: 1 }],
      ]),
      expect: 'allow',
    },
    {
      title: 'a batch of three writes making 21 access calls',
      cite: limits(LIMIT_20),
      rules: (col) =>
        block(
          `allow create: if (doc == 'a' && ${existsChain(col, 1, 7)}) || (doc == 'b' && ${existsChain(col, 8, 7)}) || (doc == 'c' && ${existsChain(col, 15, 7)});`,
        )(col),
      run: batch((col) => [
        [col, 'a', { v: 1 }],
        [col, 'b', { v: 1 }],
        [col, 'c', { v: 1 }],
      ]),
      expect: 'deny',
    },
    {
      title: 'one write of a batch making 11 access calls',
      cite: limits(
        `${LIMIT_20} Each write of a batch uses its own 10 access calls and the batch its 20.`,
      ),
      rules: (col) => block(`allow create: if doc == 'b' || ${existsChain(col, 1, 11)};`)(col),
      run: batch((col) => [
        [col, 'a', { v: 1 }],
        [col, 'b', { v: 1 }],
      ]),
      expect: 'deny',
    },
  ] as Case[]
).map((c) => ({ ...c, setup: counted }));

const ownerRule = block('allow list: if resource.data.owner == request.auth.uid;');
const PUBLISHED =
  'allow read: if resource.data.published == true || (request.auth != null && resource.data.author == request.auth.uid); both where("published", "==", true) and where("author", "==", user.uid) are valid queries.';
const publishedOrAuthor = block(
  'allow list: if resource.data.published == true || (request.auth != null && resource.data.author == request.auth.uid);',
);
const limitRule = block('allow list: if request.query.limit <= 10;');

const queryCases: Case[] = [
  {
    title: 'a query whose filter proves the condition',
    cite: queries(
      "Secure and query documents based on auth.uid: the query must include where('author', '==', user.uid) to match the rule's constraint.",
    ),
    rules: ownerRule,
    setup: { a: { owner: 'ann' }, b: { owner: 'ann' } },
    run: listWhere('owner', 'ann'),
    expect: 'allow',
  },
  {
    title: 'a query without the filter, even though every document would be readable',
    cite: queries(
      `${NOT_FILTERS} The query fails even if the current user actually is the author of every story document.`,
    ),
    rules: ownerRule,
    setup: { a: { owner: 'ann' }, b: { owner: 'ann' } },
    run: list(),
    expect: 'deny',
  },
  {
    title: "a query filtered on another user's documents",
    cite: queries(NOT_FILTERS),
    rules: ownerRule,
    setup: { a: { owner: 'bob' } },
    run: listWhere('owner', 'bob'),
    expect: 'deny',
  },
  {
    title: 'a query proving one side of an ||: published',
    cite: queries(PUBLISHED),
    rules: publishedOrAuthor,
    setup: { a: { published: true, author: 'bob' } },
    run: listWhere('published', true),
    expect: 'allow',
  },
  {
    title: 'a query proving one side of an ||: author',
    cite: queries(PUBLISHED),
    rules: publishedOrAuthor,
    setup: { a: { published: false, author: 'ann' } },
    run: listWhere('author', 'ann'),
    expect: 'allow',
  },
  {
    title: 'a query proving neither side of an ||',
    cite: queries(NOT_FILTERS),
    rules: publishedOrAuthor,
    setup: { a: { published: true, author: 'ann' } },
    run: listWhere('published', false),
    expect: 'deny',
  },
  {
    title: 'request.query.limit within the rule',
    cite: queries('Evaluate query limits: allow list: if request.query.limit <= 10;'),
    rules: limitRule,
    run: list(limit(5)),
    expect: 'allow',
  },
  {
    title: 'request.query.limit over the rule',
    cite: queries(
      'allow list: if request.query.limit <= 10; a query with a larger limit is denied.',
    ),
    rules: limitRule,
    run: list(limit(20)),
    expect: 'deny',
  },
  {
    title: 'a query with no limit against a limit rule',
    cite: queries(`${NOT_FILTERS} Rule: allow list: if request.query.limit <= 10;`),
    rules: limitRule,
    run: list(),
    expect: 'deny',
  },
  {
    title: 'request.query.orderBy names the ordered field',
    cite: request(
      'query: map of query properties, when present: limit (query limit clause), offset (query offset clause), orderBy (query orderBy clause).',
    ),
    rules: block("allow list: if 'name' in request.query.orderBy;"),
    run: list(orderBy('name')),
    expect: 'allow',
    localOnly:
      'the reference names the orderBy clause but not the value it takes; local-cloud gives the list of ordered field paths',
  },
  {
    title: 'a collection group query under a recursive-wildcard rule',
    cite: queries(
      'Secure and query documents based on collection groups: rules_version 2, match /{path=**}/posts/{post} { allow read: if ... } allows a collection group query on posts.',
    ),
    rules: (col) => `match /{path=**}/${col}/{post} { allow read: if true; }`,
    run: ({ col, client }) => getDocs(collectionGroup(client(), col)),
    expect: 'allow',
  },
  {
    title: 'a collection group query under a rule for one parent only',
    cite: queries(
      'In your security rules, you must explicitly allow collection group queries by writing a rule for the collection group, match /{path=**}/posts/{post}.',
    ),
    rules: (col) => `match /p/{p}/${col}/{post} { allow read: if true; }`,
    run: ({ col, client }) => getDocs(collectionGroup(client(), col)),
    expect: 'deny',
  },
];

runCases('rules-requests', '2', {
  'request.auth': auth,
  'request.method, path and time': requestFields,
  'resource and request.resource': resources,
  'get, exists, getAfter and existsAfter': access,
  'access-call limits': limitCases,
  'queries: rules are not filters': queryCases,
});
