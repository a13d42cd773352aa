// Security rules on every client request of local-cloud's Firestore: reads (get, proven lists,
// Listen targets), commits (create, update, delete, getAfter, request.time), limits, the rules
// endpoints, denial messages with line and column, reload, and owner credentials bypassing them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deleteApp, initializeApp } from 'firebase/app';
import type { FirebaseApp } from 'firebase/app';
import {
  collection,
  connectFirestoreEmulator,
  doc,
  getDoc,
  getDocs,
  getFirestore,
  limit,
  onSnapshot,
  query,
  serverTimestamp,
  setDoc,
  terminate,
  updateDoc,
  where,
  writeBatch,
} from 'firebase/firestore';
import type { Firestore } from 'firebase/firestore';
import { deleteApp as deleteAdminApp, initializeApp as initAdmin } from 'firebase-admin/app';
import type { App } from 'firebase-admin/app';
import { getFirestore as adminFirestore } from 'firebase-admin/firestore';
import type { Firestore as AdminFirestore } from 'firebase-admin/firestore';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFirestoreServer } from '../../src/firestore/index.ts';
import { decisionView } from '../../src/rules/decision-view.ts';
import type { FirestoreServer } from '../../src/firestore/index.ts';

const PROJECT = 'demo-rules-firestore';
const RULES = `rules_version = '2';
service cloud.firestore {
  match /databases/{database}/documents {
    function signedIn() {
      return request.auth != null;
    }
    match /profiles/{uid} {
      allow get: if signedIn() && request.auth.uid == uid;
      allow update: if request.auth.uid == uid
        && request.resource.data.diff(resource.data).affectedKeys().hasOnly(['seenAt'])
        && request.resource.data.seenAt == request.time;
    }
    match /rooms/{roomId} {
      allow read: if signedIn() && request.auth.uid in resource.data.members;
      allow create: if request.auth.uid in request.resource.data.members
        && getAfter(/databases/$(database)/documents/logs/$(roomId)).data.by == request.auth.uid;
      allow delete: if debug(resource.data.owner) == request.auth.uid;
    }
    match /logs/{roomId} {
      allow create: if request.resource.data.by == request.auth.uid;
    }
    match /posts/{postId} {
      allow list: if resource.data.visibility == 'public' && request.query.limit <= 10;
    }
    match /chain/{n} {
      allow get: if exists(/databases/$(database)/documents/c/1) && exists(/databases/$(database)/documents/c/2)
        && exists(/databases/$(database)/documents/c/3) && exists(/databases/$(database)/documents/c/4)
        && exists(/databases/$(database)/documents/c/5) && exists(/databases/$(database)/documents/c/6)
        && exists(/databases/$(database)/documents/c/7) && exists(/databases/$(database)/documents/c/8)
        && exists(/databases/$(database)/documents/c/9) && exists(/databases/$(database)/documents/c/10)
        && exists(/databases/$(database)/documents/c/11);
    }
  }
}
`;

let server: FirestoreServer;
let admin: AdminFirestore;
let adminApp: App;
const apps: FirebaseApp[] = [];
const dbs: Firestore[] = [];
let dir: string;

async function putRules(source: string): Promise<Response> {
  return fetch(`http://${server.address}/emulator/v1/projects/${PROJECT}:securityRules`, {
    method: 'PUT',
    body: JSON.stringify({ rules: { files: [{ content: source }] } }),
  });
}

/** A client signed in as `uid` with an unsigned mock token, as rules-unit-testing makes them. */
function client(uid?: string): Firestore {
  const app = initializeApp({ projectId: PROJECT, apiKey: 'k' }, `rules-${String(apps.length)}`);
  apps.push(app);
  const db = getFirestore(app);
  connectFirestoreEmulator(
    db,
    server.host,
    server.port,
    uid ? { mockUserToken: { user_id: uid } } : {},
  );
  dbs.push(db);
  return db;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rules-'));
  server = await startFirestoreServer({ strictIndexes: false });
  process.env.FIRESTORE_EMULATOR_HOST = server.address;
  adminApp = initAdmin({ projectId: PROJECT }, 'rules-admin');
  admin = adminFirestore(adminApp);
  expect((await putRules(RULES)).status).toBe(200);
});

afterEach(async () => {
  for (const db of dbs.splice(0)) await terminate(db);
  for (const app of apps.splice(0)) await deleteApp(app);
});

afterAll(async () => {
  await deleteAdminApp(adminApp);
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
  delete process.env.FIRESTORE_EMULATOR_HOST;
});

describe('reads', () => {
  it('allows a get the rules allow and denies the others, naming the condition and its place', async () => {
    await admin.doc('profiles/ann').set({ name: 'Ann' });
    expect((await getDoc(doc(client('ann'), 'profiles/ann'))).get('name')).toBe('Ann');
    const denied = getDoc(doc(client('bob'), 'profiles/ann'));
    await expect(denied).rejects.toMatchObject({ code: 'permission-denied' });
    await expect(denied).rejects.toThrow(
      /get \/databases\/\(default\)\/documents\/profiles\/ann: false for 'get' @ L8:35 \(request\.auth\.uid == uid\)/,
    );
    await expect(getDoc(doc(client(), 'profiles/ann'))).rejects.toThrow(
      /L5:14 \(request\.auth != null\)/,
    );
  });

  it('allows a query its filters prove, and denies one they do not, whole', async () => {
    await admin.doc('rooms/r1').set({ members: ['ann'] });
    await admin.doc('rooms/r2').set({ members: ['bob'] });
    const ann = client('ann');
    const own = await getDocs(
      query(collection(ann, 'rooms'), where('members', 'array-contains', 'ann')),
    );
    expect(own.docs.map((d) => d.id)).toEqual(['r1']);
    // Every result would be readable, but rules are not filters: no filter proves it.
    await expect(getDocs(collection(ann, 'rooms'))).rejects.toThrow(
      /list .*rooms\/\{id\}: error for 'list' .*no equality filter on it/,
    );
  });

  it('proves equality, in and limit constraints of a query', async () => {
    await admin.doc('posts/p1').set({ visibility: 'public' });
    const db = client('ann');
    const posts = collection(db, 'posts');
    const ok = await getDocs(query(posts, where('visibility', '==', 'public'), limit(5)));
    expect(ok.size).toBe(1);
    await expect(getDocs(query(posts, where('visibility', '==', 'public')))).rejects.toMatchObject({
      code: 'permission-denied',
    });
    await expect(
      getDocs(query(posts, where('visibility', 'in', ['public', 'private']), limit(5))),
    ).rejects.toMatchObject({ code: 'permission-denied' });
    expect(
      (await getDocs(query(posts, where('visibility', 'in', ['public']), limit(5)))).size,
    ).toBe(1);
  });

  it('removes a listener whose target the rules deny, with permission-denied', async () => {
    const db = client('bob');
    const error = await new Promise<{ code: string }>((resolve) => {
      onSnapshot(
        doc(db, 'profiles/ann'),
        () => undefined,
        (e) => {
          resolve(e);
        },
      );
    });
    expect(error.code).toBe('permission-denied');
  });

  it('keeps each decision with its full trace: every condition, the get() calls and their answers', async () => {
    const db = client('ann');
    // No log document in the batch: getAfter finds nothing and the create is refused.
    await expect(setDoc(doc(db, 'rooms/traced'), { members: ['ann'] })).rejects.toMatchObject({
      code: 'permission-denied',
    });
    const decision = server.rules
      .recent()
      .map(decisionView)
      .findLast((d) => d.path.endsWith('/rooms/traced'));
    expect(decision).toMatchObject({ method: 'create', allowed: false, uid: 'ann' });
    expect(decision?.calls).toEqual([
      {
        function: 'getAfter',
        path: '/databases/(default)/documents/logs/traced',
        line: 16,
        column: 12,
        result: 'missing',
      },
    ]);
    const steps = decision?.allows[0]?.trace ?? [];
    expect(steps).toContainEqual(
      expect.objectContaining({
        text: 'request.auth.uid in request.resource.data.members',
        value: 'true',
      }),
    );
    expect(steps.some((s) => s.text.startsWith('getAfter(') && s.line === 16)).toBe(true);
  });

  it('ends a document listener once a change makes the rules refuse it', async () => {
    await admin.doc('rooms/shared').set({ members: ['ann', 'bob'] });
    const db = client('bob');
    const seen: string[] = [];
    const failed = new Promise<{ code: string }>((resolve) => {
      onSnapshot(
        doc(db, 'rooms/shared'),
        (s) => seen.push((s.get('members') as string[]).join(',')),
        resolve,
      );
    });
    await expect.poll(() => seen.length).toBeGreaterThan(0);
    await admin.doc('rooms/shared').update({ members: ['ann'] });
    expect((await failed).code).toBe('permission-denied');
    // Bob never saw the document without himself in it.
    expect(seen).toEqual(['ann,bob']);
  });

  it('denies a request over the limit of 10 access calls', async () => {
    for (let i = 1; i <= 11; i++) await admin.doc(`c/${String(i)}`).set({ i });
    await admin.doc('chain/x').set({});
    await expect(getDoc(doc(client('ann'), 'chain/x'))).rejects.toThrow(
      /Exceeded the limit of 10 get\/exists calls/,
    );
  });
});

describe('writes', () => {
  it('checks an update against the batch, with request.time equal to the server timestamp', async () => {
    await admin.doc('profiles/ann').set({ name: 'Ann', seenAt: null });
    const db = client('ann');
    await updateDoc(doc(db, 'profiles/ann'), { seenAt: serverTimestamp() });
    expect((await admin.doc('profiles/ann').get()).get('seenAt')).not.toBeNull();
    await expect(updateDoc(doc(db, 'profiles/ann'), { name: 'Eve' })).rejects.toThrow(
      /false for 'update' @ L10:12 \(request\.resource\.data\.diff/,
    );
    expect((await admin.doc('profiles/ann').get()).get('name')).toBe('Ann');
  });

  it('sees the rest of a batch through getAfter, and refuses the whole batch when one write fails', async () => {
    const db = client('ann');
    const good = writeBatch(db);
    good.set(doc(db, 'rooms/new'), { members: ['ann'] });
    good.set(doc(db, 'logs/new'), { by: 'ann' });
    await good.commit();
    expect((await admin.doc('rooms/new').get()).exists).toBe(true);

    const bad = writeBatch(db);
    bad.set(doc(db, 'rooms/lonely'), { members: ['ann'] });
    bad.set(doc(db, 'logs/other'), { by: 'ann' });
    await expect(bad.commit()).rejects.toMatchObject({ code: 'permission-denied' });
    expect((await admin.doc('rooms/lonely').get()).exists).toBe(false);
    expect((await admin.doc('logs/other').get()).exists).toBe(false);
  });

  it('carries debug() values in the denial', async () => {
    await admin.doc('rooms/owned').set({ members: ['ann'], owner: 'carol' });
    await expect(
      (async () => {
        const b = writeBatch(client('ann'));
        b.delete(doc(dbs[0] ?? client('ann'), 'rooms/owned'));
        await b.commit();
      })(),
    ).rejects.toThrow(/debug: "carol"/);
    expect((await admin.doc('rooms/owned').get()).exists).toBe(true);
  });

  it('lets owner credentials (firebase-admin) write anything', async () => {
    await admin.doc('anything/at-all').set({ ok: true });
    expect((await admin.doc('anything/at-all').get()).get('ok')).toBe(true);
    await expect(setDoc(doc(client('ann'), 'anything/else'), { ok: true })).rejects.toThrow(
      /no allow statement covers 'create'/,
    );
  });
});

describe('limits and bad input', () => {
  const LIMITS_PROJECT = 'demo-rules-limits';
  const nested = Array.from(
    { length: 21 },
    (_, i) => `function f${String(i)}() { return ${i === 20 ? 'true' : `f${String(i + 1)}()`}; }`,
  ).join('\n');
  const bigList = `[${Array.from({ length: 1200 }, (_, i) => String(i)).join(', ')}]`;
  const tenGets = Array.from(
    { length: 10 },
    (_, i) => `exists(/databases/$(database)/documents/g${String(i)}/$(id))`,
  ).join(' || ');
  const LIMIT_RULES = `rules_version = '2';
service cloud.firestore {
  match /databases/{database}/documents {
    ${nested}
    function loop(x) { return loop(x); }
    match /deep/{id} { allow get: if f0(); }
    match /recursive/{id} { allow get: if loop(1); }
    match /wide/{id} { allow get: if ${bigList}.size() > 0; }
    match /shallow/{id} { allow get: if f10(); }
    match /batched/{id} { allow create: if !(${tenGets}); }
  }
}`;

  const limitsClient = (uid: string): Firestore => {
    const app = initializeApp(
      { projectId: LIMITS_PROJECT, apiKey: 'k' },
      `limits-${String(apps.length)}`,
    );
    apps.push(app);
    const db = getFirestore(app);
    connectFirestoreEmulator(db, server.host, server.port, { mockUserToken: { user_id: uid } });
    dbs.push(db);
    return db;
  };

  beforeAll(async () => {
    const response = await fetch(
      `http://${server.address}/emulator/v1/projects/${LIMITS_PROJECT}:securityRules`,
      { method: 'PUT', body: JSON.stringify({ rules: { files: [{ content: LIMIT_RULES }] } }) },
    );
    expect(response.status).toBe(200);
  });

  it('denies function calls nested deeper than 20, and allows 10', async () => {
    const db = limitsClient('ann');
    await expect(getDoc(doc(db, 'deep/x'))).rejects.toThrow(/nest deeper than 20/);
    expect((await getDoc(doc(db, 'shallow/x'))).exists()).toBe(false);
  });

  it('denies a recursive function', async () => {
    await expect(getDoc(doc(limitsClient('ann'), 'recursive/x'))).rejects.toThrow(
      /recursion is not allowed/,
    );
  });

  it('denies an evaluation over 1,000 expressions', async () => {
    await expect(getDoc(doc(limitsClient('ann'), 'wide/x'))).rejects.toThrow(
      /exceeded 1000 expressions/,
    );
  });

  it('shares 20 access calls across a batch: two writes of 10 pass, three do not', async () => {
    const db = limitsClient('ann');
    const two = writeBatch(db);
    two.set(doc(db, 'batched/a'), {});
    two.set(doc(db, 'batched/b'), {});
    await two.commit();
    const three = writeBatch(db);
    for (const id of ['c', 'd', 'e']) three.set(doc(db, `batched/${id}`), {});
    await expect(three.commit()).rejects.toThrow(/limit of 20 get\/exists calls/);
    expect((await admin.doc('batched/c').get()).exists).toBe(false);
  });

  it('refuses a token that is not a JWT with UNAUTHENTICATED', async () => {
    const response = await fetch(
      `http://${server.address}/v1/projects/${PROJECT}/databases/(default)/documents/profiles/ann`,
      { headers: { Authorization: 'Bearer not-a-jwt' } },
    );
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { status: string } }).error.status).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('refuses rules over 256 KB', async () => {
    const huge = `service cloud.firestore { match /databases/{d}/documents { match /x/{y} { allow read: if ${'true || '.repeat(40_000)}true; } } }`;
    const response = await putRules(huge);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(
      /256/,
    );
  });
});

describe('the rules endpoints', () => {
  it('refuses rules that do not compile with their line and column, and keeps the rules in force', async () => {
    const response = await putRules(
      "rules_version = '2';\nservice cloud.firestore {\n  match /x {\n    allow read: if ;\n  }\n}\n",
    );
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/^4:\d+: /);
    await admin.doc('profiles/ann').set({ name: 'Ann' });
    expect((await getDoc(doc(client('ann'), 'profiles/ann'))).exists()).toBe(true);
  });

  it('reports coverage per allow statement', async () => {
    const response = await fetch(
      `http://${server.address}/emulator/v1/projects/${PROJECT}:ruleCoverage`,
    );
    const report = (await response.json()) as {
      allows: { line: number; true: number; false: number }[];
    };
    const profileGet = report.allows.find((a) => a.line === 8);
    expect(profileGet?.true).toBeGreaterThan(0);
    expect(profileGet?.false).toBeGreaterThan(0);
    const html = await (
      await fetch(`http://${server.address}/emulator/v1/projects/${PROJECT}:ruleCoverage.html`)
    ).text();
    expect(html).toContain('request.auth.uid == uid');
  });

  it('reloads a rules file when it changes, and keeps the old rules when the new ones do not compile', async () => {
    const file = join(dir, 'firestore.rules');
    const open = `rules_version = '2';\nservice cloud.firestore { match /databases/{d}/documents { match /open/{id} { allow read: if true; } } }\n`;
    writeFileSync(file, open);
    const reloads: (string | undefined)[] = [];
    const own = await startFirestoreServer({
      strictIndexes: false,
      rulesFile: file,
      onRulesReload: (e) => reloads.push(e?.message),
    });
    try {
      const app = initializeApp({ projectId: 'demo-reload', apiKey: 'k' }, 'reload');
      apps.push(app);
      const db = getFirestore(app);
      dbs.push(db);
      connectFirestoreEmulator(db, own.host, own.port, { mockUserToken: { user_id: 'ann' } });
      await getDoc(doc(db, 'open/a'));
      writeFileSync(file, open.replace('if true', 'if false'));
      await expect.poll(() => reloads.length, { timeout: 5000 }).toBe(1);
      await expect(getDoc(doc(db, 'open/b'))).rejects.toMatchObject({ code: 'permission-denied' });
      writeFileSync(file, 'service cloud.firestore {');
      await expect.poll(() => reloads.length, { timeout: 5000 }).toBe(2);
      expect(reloads[1]).toMatch(/^\d+:\d+: /);
      await expect(getDoc(doc(db, 'open/c'))).rejects.toMatchObject({ code: 'permission-denied' });
    } finally {
      await own.stop();
    }
  });
});
