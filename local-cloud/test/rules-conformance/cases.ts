// The harness of the rules conformance suite. Every case checks one statement of the Firebase
// Security Rules documentation, cited in the case: its rules go in a `match` block of their own
// collection (c1, c2, ...), all of a file's cases make one ruleset loaded once through the emulator
// endpoint, its documents are written with firebase-admin (owner credentials bypass the rules), and
// the case is one client request of the firebase JS SDK that must succeed or fail with
// permission-denied. backend.ts picks the target, so the same cases run against local-cloud and
// against the official emulator (FIRESTORE_EMULATOR_HOST).
import { deleteApp, initializeApp } from 'firebase/app';
import type { FirebaseApp } from 'firebase/app';
import {
  connectFirestoreEmulator,
  doc,
  getDoc,
  getFirestore,
  setLogLevel,
  terminate,
} from 'firebase/firestore';
import type { Firestore } from 'firebase/firestore';
import type { DocumentData, Firestore as AdminFirestore } from 'firebase-admin/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onLocalCloud, openBackend } from '../firestore/backend.ts';
import type { Backend } from '../firestore/backend.ts';

/** Where the documentation says what a case checks. */
export interface Cite {
  readonly url: string;
  /** The statement, quoted or closely paraphrased. */
  readonly quote: string;
}

/** Who makes a request: a uid (with extra token claims), or null for signed out. */
export type Identity = string | null | { readonly uid: string; readonly claims: object };

export interface Ctx {
  /** The case's own collection id, and the prefix of any other collection it uses. */
  readonly col: string;
  /** A client of the JS SDK, signed in as 'ann' unless told otherwise. */
  readonly client: (who?: Identity) => Firestore;
}

export interface Case {
  readonly title: string;
  readonly cite: Cite;
  /** The rules of the case, placed inside `match /databases/{database}/documents`. */
  readonly rules: (col: string) => string;
  /**
   * Documents written with owner credentials before the file's cases run, by path below `col/`; a
   * path starting with + names a sibling collection (+u/ann is `<col>u/ann`).
   */
  readonly setup?: Readonly<Record<string, DocumentData>>;
  readonly run: (ctx: Ctx) => Promise<unknown>;
  readonly expect: 'allow' | 'deny';
  /** Why the case only holds on local-cloud; such cases are skipped against the official emulator. */
  readonly localOnly?: string;
  /** A known local-cloud defect: the case is expected to fail there (it.fails) until it is fixed. */
  readonly engineBug?: string;
}

/** Base URLs of the pages the cases cite. */
export const DOCS = {
  structure: 'https://firebase.google.com/docs/firestore/security/rules-structure',
  conditions: 'https://firebase.google.com/docs/firestore/security/rules-conditions',
  fields: 'https://firebase.google.com/docs/firestore/security/rules-fields',
  query: 'https://firebase.google.com/docs/firestore/security/rules-query',
  behavior: 'https://firebase.google.com/docs/rules/rules-behavior',
  storageReference: 'https://firebase.google.com/docs/reference/security/storage',
  customClaims: 'https://firebase.google.com/docs/auth/admin/custom-claims',
  ref: (name: string): string => `https://firebase.google.com/docs/reference/rules/${name}`,
} as const;

export const cite = (url: string, quote: string): Cite => ({ url, quote });

/** A match block on the case's collection: `match /{col}/{wildcard} { body }`. */
export const block =
  (body: string, wildcard = 'doc') =>
  (col: string): string =>
    `match /${col}/{${wildcard}} { ${body} }`;

/** A field value that is a reference to the document at `path` (below the database root). */
export class Ref {
  readonly path: string;
  constructor(path: string) {
    this.path = path;
  }
}

/** A get of `col/x` as 'ann'. */
export const getX = ({ col, client }: Ctx): Promise<unknown> => getDoc(doc(client(), col, 'x'));

/** A case whose condition is a single expression, checked by a get of a document that need not exist. */
export function expr(
  title: string,
  source: Cite,
  condition: string,
  expected: 'allow' | 'deny' = 'allow',
  extra: Partial<Case> = {},
): Case {
  return {
    title,
    cite: source,
    rules: block(`allow get: if ${condition};`),
    run: getX,
    expect: expected,
    ...extra,
  };
}

/**
 * A case that `e`, a bool expression that would be false were it not an error, is an error: the
 * negation denies only if `e` is an error (a false `e` would allow).
 */
export const errs = (title: string, source: Cite, e: string, extra: Partial<Case> = {}): Case =>
  expr(title, source, `!(${e})`, 'deny', extra);

function hostPort(): { host: string; port: number } {
  const address = process.env.FIRESTORE_EMULATOR_HOST ?? '';
  const colon = address.lastIndexOf(':');
  return { host: address.slice(0, colon), port: Number(address.slice(colon + 1)) };
}

/**
 * Registers a file's cases, grouped by area, as vitest tests. `name` makes the project id
 * (demo-conf-<name>); `version` is the ruleset's rules_version, or undefined to leave it out.
 */
export function runCases(
  name: string,
  version: '1' | '2' | undefined,
  groups: Readonly<Record<string, readonly Case[]>>,
): void {
  const all = Object.values(groups).flat();
  const ids = new Map(all.map((c, i) => [c, `c${String(i + 1)}`]));
  const colOf = (c: Case): string => ids.get(c) ?? '';
  let backend: Backend;
  let admin: AdminFirestore;
  const apps: FirebaseApp[] = [];
  const dbs: Firestore[] = [];
  const clients = new Map<string, Firestore>();

  const client = (who: Identity = 'ann'): Firestore => {
    const key = JSON.stringify(who);
    const known = clients.get(key);
    if (known) return known;
    const app = initializeApp(
      { projectId: backend.projectId, apiKey: 'fake-api-key' },
      `${name}-${String(apps.length)}`,
    );
    apps.push(app);
    const db = getFirestore(app);
    const { host, port } = hostPort();
    const token =
      who === null
        ? undefined
        : typeof who === 'string'
          ? { user_id: who }
          : { user_id: who.uid, ...who.claims };
    connectFirestoreEmulator(db, host, port, token ? { mockUserToken: token } : {});
    dbs.push(db);
    clients.set(key, db);
    return db;
  };

  beforeAll(async () => {
    // Denied requests are the point of half the cases; the SDK would log each as an error.
    setLogLevel('silent');
    backend = await openBackend(name);
    admin = backend.db;
    const source = [
      ...(version === undefined ? [] : [`rules_version = '${version}';`]),
      'service cloud.firestore {',
      '  match /databases/{database}/documents {',
      ...all.map((c) => `    ${c.rules(colOf(c))}`),
      '  }',
      '}',
      '',
    ].join('\n');
    const response = await fetch(
      `http://${process.env.FIRESTORE_EMULATOR_HOST ?? ''}/emulator/v1/projects/${backend.projectId}:securityRules`,
      { method: 'PUT', body: JSON.stringify({ rules: { files: [{ content: source }] } }) },
    );
    expect(response.status, await response.clone().text()).toBe(200);
    const writer = admin.bulkWriter();
    for (const c of all)
      for (const [path, data] of Object.entries(c.setup ?? {}))
        void writer.set(
          admin.doc(`${colOf(c)}${path.startsWith('+') ? path.slice(1) : `/${path}`}`),
          Object.fromEntries(
            Object.entries(data).map(([k, v]) => [k, v instanceof Ref ? admin.doc(v.path) : v]),
          ),
        );
    await writer.close();
  });

  afterAll(async () => {
    for (const db of dbs) await terminate(db);
    for (const app of apps) await deleteApp(app);
    await backend.close();
  });

  for (const [area, cases] of Object.entries(groups)) {
    describe(area, () => {
      for (const c of cases) {
        const test = async (): Promise<void> => {
          const attempt = c.run({ col: colOf(c), client });
          if (c.expect === 'allow') await attempt;
          else await expect(attempt).rejects.toMatchObject({ code: 'permission-denied' });
        };
        const title = `${c.expect === 'allow' ? 'allows' : 'denies'}: ${c.title}`;
        if (c.localOnly !== undefined && !onLocalCloud) it.skip(title, test);
        else if (c.engineBug !== undefined && onLocalCloud) it.fails(title, test);
        else it(title, test);
      }
    });
  }
}
