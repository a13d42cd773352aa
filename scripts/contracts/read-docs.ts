import { SERVER_ONLY_COLLECTIONS } from '@gadget/shared';
import type { QueryFilter, QueryValue, ReadablePath, ReaderRule, ReadQuery } from '@gadget/shared';
import { renderAccessEndsDocs } from './access-ends-docs.ts';
import { FIRESTORE_TIMESTAMP, documentJsonSchema } from './json-schemas.ts';

const READERS: Record<ReaderRule, string> = {
  self: 'the user themself (`{uid}` is their uid)',
  'device-member': 'a member of the device (owner, admin or viewer: `memberUids` holds their uid)',
  'device-admin': 'the device’s owner or an admin (`members` gives them that role); never a viewer',
  owner: 'its owner (`ownerUid` is their uid)',
  'signed-in': 'any signed-in user',
};

/**
 * The reads the listener examples show: the app's main screens. Each names a readable path (a
 * document listener) or one of its queries.
 */
const LISTENER_EXAMPLES: readonly { title: string; read: string }[] = [
  { title: 'Own devices', read: 'ownDevices' },
  { title: 'One device: its status and latest values', read: 'device' },
  { title: 'One device: its recent hours of readings', read: 'recentHours' },
  { title: 'The inbox', read: 'inbox' },
  { title: 'The avatar manifest (on the profile)', read: 'userProfile' },
  { title: 'A device’s photo manifests', read: 'devicePhotos' },
  { title: 'One device: the settings it should run', read: 'desiredState' },
  { title: 'One device: what the gadget says it runs', read: 'reportedState' },
  { title: 'One device: its unfinished commands', read: 'unfinishedCommands' },
];

/** The "What the app reads" part of docs/API.md, generated from `READABLE_PATHS`. */
export function renderReadDocs(paths: readonly ReadablePath[]): string[] {
  const lines = [
    '# What the app reads',
    '',
    'The apps read Firestore directly with the Firebase client SDKs and keep listeners on what they',
    'show; everything they change goes through the callables above. These are all the paths the rules',
    '(`firestore.rules`) let an app read; any other path is denied. JSON Schemas of the documents are',
    'in `shared/schemas/firestore/`. Timestamps are Firestore Timestamps, shown in the schemas as',
    `\`${JSON.stringify(FIRESTORE_TIMESTAMP)}\`: a \`Timestamp\` in the web SDK, \`Timestamp\` or \`Date\``,
    'with Codable on iOS, `Timestamp` (or `Date` with `toObject`) on Android.',
    '',
    'Every query listed is served by Firestore’s automatic single-field indexes or by an index in',
    '`firestore.indexes.json` (a test checks both the paths against the rules and the queries against',
    'the indexes). A query the rules cannot prove safe fails with `permission-denied` rather than',
    'returning less: rules are not filters. Collection-group queries are never allowed.',
    '',
    '| path | who may read it | queries |',
    '|---|---|---|',
    ...paths.map(
      (p) =>
        `| [\`${p.path}\`](#${anchor(p.path)}) | ${READERS[p.reader]} | ${
          p.queries.length > 0 ? p.queries.map((q) => `\`${q.name}\``).join(', ') : '—'
        } |`,
    ),
    '',
  ];
  for (const readable of paths) lines.push(...renderPath(readable));
  lines.push(...renderExamples(paths));
  lines.push(
    '## Not readable by apps',
    '',
    'Server-only: no rule matches them, so every client read and write is denied; only the functions',
    '(Admin SDK) use them. Subcollections the rules do not name are server-only too.',
    '',
    '| collection | holds |',
    '|---|---|',
    ...Object.entries(SERVER_ONLY_COLLECTIONS).map(([name, holds]) => `| \`${name}\` | ${holds} |`),
    '',
  );
  return lines;
}

function renderPath(readable: ReadablePath): string[] {
  const lines = [
    `## \`${readable.path}\``,
    '',
    readable.summary,
    '',
    `**Who may read it:** ${READERS[readable.reader]}. ${
      readable.access === 'get'
        ? '**Single documents only** (`allow get`): the collection cannot be queried or listed.'
        : 'Single documents and queries on the collection (`allow read`).'
    }`,
    '',
  ];
  if (readable.requiredFilter) {
    lines.push(
      `**Every query must filter** \`${webFilter(readable.requiredFilter)}\`: the rule checks each document, so a query without it is refused.`,
      '',
    );
  }
  if (readable.queries.length > 0) {
    lines.push(
      '**Queries**',
      '',
      '| query | returns | web SDK |',
      '|---|---|---|',
      ...readable.queries.map(
        (q) => `| \`${q.name}\` | ${q.summary} | \`${webQuery(readable.path, q)}\` |`,
      ),
      '',
    );
  }
  lines.push(
    `**Document** (\`shared/schemas/firestore/${readable.name}.json\`)`,
    '',
    '```json',
    JSON.stringify(stripSchemaKeyword(documentJsonSchema(readable.schema)), null, 2),
    '```',
    '',
  );
  return lines;
}

function renderExamples(paths: readonly ReadablePath[]): string[] {
  const lines = [
    '## Listening from the apps',
    '',
    'In each example `db` is the app’s Firestore instance (`getFirestore(app)`, `Firestore.firestore()`,',
    '`Firebase.firestore`), `uid` the signed-in user’s uid and `deviceId` the id of one of their',
    'devices; the web examples import `collection`, `doc`, `limit`, `onSnapshot`, `orderBy`, `query`',
    'and `where` from `firebase/firestore`, the Kotlin ones `com.google.firebase.firestore.Query`. A',
    'listener first delivers what is there, then every change; remove it when the screen goes away.',
    'On Android the same reads are also Kotlin Flows: `import com.google.firebase.firestore.snapshots`,',
    'then `ref.snapshots().collect { snapshot -> … }` on the same query or document reference.',
    '',
  ];
  for (const example of LISTENER_EXAMPLES) {
    const target = findRead(paths, example.read);
    lines.push(`### ${example.title}`, '');
    lines.push('```js', ...webListener(target), '```', '');
    lines.push('```swift', ...swiftListener(target), '```', '');
    lines.push('```kotlin', ...kotlinListener(target), '```', '');
  }
  lines.push(...renderAccessEndsDocs());
  return lines;
}

/** A document listener (a path) or a query listener (one of its queries). */
interface ReadTarget {
  path: string;
  query?: ReadQuery;
}

function findRead(paths: readonly ReadablePath[], name: string): ReadTarget {
  for (const readable of paths) {
    if (readable.name === name) return { path: readable.path };
    const query = readable.queries.find((q) => q.name === name);
    if (query) return { path: readable.path, query };
  }
  throw new Error(`No readable path or query is named ${name}`);
}

/** `devices/{deviceId}/hours/{hour}` → the collection's segments, wildcards as variables. */
function segments(path: string, asDocument: boolean): { literal: boolean; text: string }[] {
  const parts = path.split('/');
  return (asDocument ? parts : parts.slice(0, -1)).map((part) => {
    const wildcard = /^\{(\w+)\}$/.exec(part);
    return wildcard?.[1] ? { literal: false, text: wildcard[1] } : { literal: true, text: part };
  });
}

// Web (modular, v9+)

function webValue(value: QueryValue): string {
  if (isCallerUid(value)) return 'uid';
  if (isList(value)) return `[${value.map((v) => webValue(v)).join(', ')}]`;
  return typeof value === 'string' ? `'${value}'` : String(value);
}

function webFilter(filter: QueryFilter): string {
  return `where('${filter.field}', '${filter.op}', ${webValue(filter.value)})`;
}

function webRef(path: string, asDocument: boolean): string {
  const args = segments(path, asDocument).map((s) => (s.literal ? `'${s.text}'` : s.text));
  return `${asDocument ? 'doc' : 'collection'}(db, ${args.join(', ')})`;
}

function webQuery(path: string, query: ReadQuery): string {
  const constraints = [
    ...(query.where ?? []).map(webFilter),
    ...(query.orderBy ?? []).map((o) =>
      o.direction === 'desc' ? `orderBy('${o.field}', 'desc')` : `orderBy('${o.field}')`,
    ),
    ...(query.limit === undefined ? [] : [`limit(${String(query.limit)})`]),
  ];
  const ref = webRef(path, false);
  return constraints.length === 0 ? ref : `query(${ref}, ${constraints.join(', ')})`;
}

function webListener(target: ReadTarget): string[] {
  const { query } = target;
  return [
    'const unsubscribe = onSnapshot(',
    `  ${query ? webQuery(target.path, query) : webRef(target.path, true)},`,
    query
      ? '  (snapshot) => show(snapshot.docs.map((d) => ({ id: d.id, ...d.data() }))),'
      : '  (snapshot) => show(snapshot.data()), // undefined when it does not exist',
    '  (error) => console.error(error), // the listener has stopped (see When access ends)',
    ');',
  ];
}

// Swift (FirebaseFirestore)

function swiftValue(value: QueryValue): string {
  if (isCallerUid(value)) return 'uid';
  if (value === null) return 'NSNull()';
  if (isList(value)) return `[${value.map((v) => swiftValue(v)).join(', ')}]`;
  return typeof value === 'string' ? `"${value}"` : String(value);
}

const SWIFT_OPS: Record<QueryFilter['op'], string> = {
  '==': 'isEqualTo',
  'array-contains': 'arrayContains',
  in: 'in',
};

/** The reference as Swift and Kotlin both spell it: `db.collection("devices").document(deviceId)`. */
function nativeRef(path: string, asDocument: boolean): string {
  return (
    'db' +
    segments(path, asDocument)
      .map((s, i) => {
        const arg = s.literal ? `"${s.text}"` : s.text;
        return i % 2 === 0 ? `.collection(${arg})` : `.document(${arg})`;
      })
      .join('')
  );
}

function swiftListener(target: ReadTarget): string[] {
  const { query } = target;
  const chain = query
    ? [
        ...(query.where ?? []).map(
          (f) => `    .whereField("${f.field}", ${SWIFT_OPS[f.op]}: ${swiftValue(f.value)})`,
        ),
        ...(query.orderBy ?? []).map((o) =>
          o.direction === 'desc'
            ? `    .order(by: "${o.field}", descending: true)`
            : `    .order(by: "${o.field}")`,
        ),
        ...(query.limit === undefined ? [] : [`    .limit(to: ${String(query.limit)})`]),
      ]
    : [];
  return [
    `let listener = ${nativeRef(target.path, !query)}`,
    ...chain,
    '    .addSnapshotListener { snapshot, error in',
    ...(query
      ? [
          '        guard let documents = snapshot?.documents else { return } // error says why',
          '        show(documents)',
        ]
      : [
          '        guard let snapshot else { return } // error says why',
          '        show(snapshot.data()) // nil when it does not exist',
        ]),
    '    }',
    '// listener.remove() when the screen goes away',
  ];
}

// Kotlin (com.google.firebase:firebase-firestore)

function kotlinValue(value: QueryValue): string {
  if (isCallerUid(value)) return 'uid';
  if (isList(value)) return `listOf(${value.map((v) => kotlinValue(v)).join(', ')})`;
  return typeof value === 'string' ? `"${value}"` : String(value);
}

const KOTLIN_OPS: Record<QueryFilter['op'], string> = {
  '==': 'whereEqualTo',
  'array-contains': 'whereArrayContains',
  in: 'whereIn',
};

function kotlinListener(target: ReadTarget): string[] {
  const { query } = target;
  const chain = query
    ? [
        ...(query.where ?? []).map(
          (f) => `    .${KOTLIN_OPS[f.op]}("${f.field}", ${kotlinValue(f.value)})`,
        ),
        ...(query.orderBy ?? []).map((o) =>
          o.direction === 'desc'
            ? `    .orderBy("${o.field}", Query.Direction.DESCENDING)`
            : `    .orderBy("${o.field}")`,
        ),
        ...(query.limit === undefined ? [] : [`    .limit(${String(query.limit)})`]),
      ]
    : [];
  return [
    `val registration = ${nativeRef(target.path, !query)}`,
    ...chain,
    '    .addSnapshotListener { snapshot, error ->',
    '        if (snapshot == null) return@addSnapshotListener // error says why',
    query
      ? '        show(snapshot.documents)'
      : '        show(snapshot.data) // null when it does not exist',
    '    }',
    '// registration.remove() when the screen goes away',
  ];
}

function isCallerUid(value: QueryValue): value is { readonly callerUid: true } {
  return typeof value === 'object' && value !== null && 'callerUid' in value;
}

/** GitHub's heading anchor for a heading that is just the path in backticks. */
function anchor(path: string): string {
  return path.toLowerCase().replace(/[^a-z0-9 -]/g, '');
}

function stripSchemaKeyword(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = schema;
  return rest;
}

/** `Array.isArray` narrows a readonly array to `any[]`; this keeps its element type. */
function isList(value: QueryValue): value is readonly string[] {
  return Array.isArray(value);
}
