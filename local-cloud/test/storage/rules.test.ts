// Storage security rules on local-cloud's Storage, through the real firebase/storage SDK (Node
// build) signed in with mock ID tokens as @firebase/rules-unit-testing makes them, and through
// rules-unit-testing itself.
import {
  assertFails,
  assertSucceeds,
  initializeTestEnvironment,
} from '@firebase/rules-unit-testing';
import { deleteApp, initializeApp, type FirebaseApp } from 'firebase/app';
import {
  connectStorageEmulator,
  deleteObject,
  getBytes,
  getDownloadURL,
  getMetadata,
  getStorage,
  list,
  ref,
  updateMetadata,
  uploadBytes,
  uploadBytesResumable,
  type FirebaseStorage,
  type StorageError,
} from 'firebase/storage';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFirestoreServer, type FirestoreServer } from '../../src/firestore/index.ts';
import type { FirestoreEngine } from '../../src/firestore/data/engine.ts';
import type { StorageServer } from '../../src/storage/index.ts';
import { bytes, startHarness, type Harness } from './helpers.ts';

const PROJECT = 'demo-storage-rules';
const BUCKET = `${PROJECT}.appspot.com`;

const RULES = `rules_version = '2';
service firebase.storage {
  match /b/{bucket}/o {
    function signedIn() { return request.auth != null; }
    function viewer() { return signedIn() && request.auth.token.get('viewer', false) == true; }

    match /users/{uid}/{file=**} {
      function owner() { return signedIn() && request.auth.uid == uid; }
      function wellFormed() {
        return request.resource.size < 1000
          && request.resource.contentType.matches('image/.*')
          && request.resource.metadata.keys().hasOnly(['caption']);
      }
      allow get, list: if owner() || viewer();
      allow create: if owner() && wellFormed();
      allow update: if owner() && wellFormed() && resource.metadata.get('caption', '') != 'locked';
      allow delete: if owner();
    }

    match /devices/{device}/{file=**} {
      allow read: if signedIn()
        && firestore.exists(/databases/(default)/documents/devices/$(device)/members/$(request.auth.uid));
      allow write: if signedIn()
        && request.auth.uid in firestore.get(/databases/(default)/documents/devices/$(device)).data.admins;
    }
  }
}
`;

let firestore: FirestoreServer;
let h: Harness;
let server: StorageServer;
const apps: FirebaseApp[] = [];

/** A client as `uid` (with extra claims), or signed out. */
function client(uid?: string, claims: Record<string, unknown> = {}): FirebaseStorage {
  const app = initializeApp(
    { projectId: PROJECT, storageBucket: BUCKET, apiKey: 'fake' },
    `storage-rules-${String(apps.length)}`,
  );
  apps.push(app);
  const storage = getStorage(app);
  connectStorageEmulator(
    storage,
    server.host,
    server.port,
    uid ? { mockUserToken: { user_id: uid, ...claims } } : {},
  );
  return storage;
}

/** The unsigned token connectStorageEmulator's mockUserToken sends, for raw requests. */
function mockToken(uid: string): string {
  const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${enc({ alg: 'none', typ: 'JWT' })}.${enc({ sub: uid, user_id: uid, iat: 1 })}.`;
}

async function putRules(source: string): Promise<Response> {
  return fetch(`${server.url}/internal/setRules`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ rules: { files: [{ name: 'storage.rules', content: source }] } }),
  });
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => ({ code: 'resolved' }),
    (error: unknown) => ({ code: (error as StorageError).code }),
  );
const denied = async (promise: Promise<unknown>) => {
  expect((await failure(promise)).code).toBe('storage/unauthorized');
};

const png = (n = 3) => new Uint8Array(bytes(n));

beforeAll(async () => {
  firestore = await startFirestoreServer({ strictIndexes: false });
  h = await startHarness({ defaultBucket: BUCKET, firestore: firestore.frontend.engine });
  server = h.server;
  expect(server.projectId).toBe(PROJECT);
  expect((await putRules(RULES)).status).toBe(200);
});

beforeEach(async () => {
  await server.reset();
  firestore.reset();
  h.finalized.length = 0;
  h.deleted.length = 0;
});

afterEach(async () => {
  for (const app of apps.splice(0)) await deleteApp(app);
});

afterAll(async () => {
  await h.close();
  await firestore.stop();
});

const DATABASE = `projects/${PROJECT}/databases/(default)`;

/** Writes a Firestore document as an admin would (rules do not apply to seeding). */
async function seed(engine: FirestoreEngine, path: string, fields: Record<string, string[]>) {
  await engine.commit({
    database: DATABASE,
    writes: [
      {
        update: {
          name: `${DATABASE}/documents/${path}`,
          fields: Object.fromEntries(
            Object.entries(fields).map(([k, v]) => [
              k,
              { arrayValue: { values: v.map((s) => ({ stringValue: s })) } },
            ]),
          ),
        },
      },
    ],
  });
}

describe('Storage rules through the firebase/storage SDK', () => {
  it('lets the owner use every route', async () => {
    const ann = client('ann');
    const file = ref(ann, 'users/ann/avatar.png');
    // multipart (uploadBytes), resumable (uploadBytesResumable), metadata get and update,
    // download, list and delete
    await uploadBytes(file, png(), { contentType: 'image/png', customMetadata: { caption: 'hi' } });
    const big = ref(ann, 'users/ann/photos/p1.png');
    await uploadBytesResumable(big, png(900), { contentType: 'image/png' });
    expect((await getMetadata(file)).customMetadata).toEqual({ caption: 'hi' });
    await updateMetadata(file, { customMetadata: { caption: 'new' } });
    expect(Buffer.from(await getBytes(file))).toEqual(Buffer.from(png()));
    expect(await getDownloadURL(file)).toContain('token=');
    const listed = await list(ref(ann, 'users/ann'));
    expect(listed.items.map((i) => i.fullPath)).toEqual(['users/ann/avatar.png']);
    expect(listed.prefixes.map((p) => p.fullPath)).toEqual(['users/ann/photos']);
    // an overwrite is an update, judged against the object it replaces
    await uploadBytes(file, png(5), { contentType: 'image/png' });
    await deleteObject(file);
    await deleteObject(big);
    const decisions = server.rules.recent();
    expect(decisions.every((d) => d.service === 'firebase.storage' && d.allowed)).toBe(true);
    expect(new Set(decisions.map((d) => d.method))).toEqual(
      new Set(['create', 'get', 'update', 'list', 'delete']),
    );
  });

  it('lets a viewer read and list but not write', async () => {
    await uploadBytes(ref(client('ann'), 'users/ann/a.png'), png(), { contentType: 'image/png' });
    const viewer = client('vic', { viewer: true });
    const file = ref(viewer, 'users/ann/a.png');
    expect((await getMetadata(file)).size).toBe(3);
    expect(Buffer.from(await getBytes(file))).toEqual(Buffer.from(png()));
    expect((await list(ref(viewer, 'users/ann'))).items).toHaveLength(1);
    await denied(uploadBytes(file, png(), { contentType: 'image/png' }));
    await denied(updateMetadata(file, { customMetadata: { caption: 'x' } }));
    await denied(deleteObject(file));
    await denied(
      uploadBytes(ref(viewer, 'users/ann/new.png'), png(), { contentType: 'image/png' }),
    );
  });

  it('denies a stranger and a signed-out client every route', async () => {
    await uploadBytes(ref(client('ann'), 'users/ann/a.png'), png(), { contentType: 'image/png' });
    for (const storage of [client('eve'), client()]) {
      const file = ref(storage, 'users/ann/a.png');
      await denied(getMetadata(file));
      await denied(getBytes(file));
      await denied(getDownloadURL(file));
      await denied(list(ref(storage, 'users/ann')));
      await denied(list(ref(storage, '')));
      await denied(uploadBytes(file, png(), { contentType: 'image/png' }));
      await denied(uploadBytesResumable(file, png(), { contentType: 'image/png' }).then());
      await denied(updateMetadata(file, { customMetadata: { caption: 'x' } }));
      await denied(deleteObject(file));
    }
    // a missing object is judged too: 403, not 404, for whoever may not read it
    await denied(getMetadata(ref(client('eve'), 'users/ann/missing.png')));
    expect((await failure(getMetadata(ref(client('ann'), 'users/ann/missing.png')))).code).toBe(
      'storage/object-not-found',
    );
  });

  it('checks size, content type and metadata, saying which condition failed', async () => {
    const ann = client('ann');
    const file = ref(ann, 'users/ann/a.png');
    await denied(uploadBytes(file, png(1000), { contentType: 'image/png' }));
    // The Node SDK keeps no response body, so the reason is read where it is recorded.
    const reason = server.rules.recent().at(-1)?.reason ?? '';
    expect(reason).toMatch(
      /^create \/b\/[^ ]+\/o\/users\/ann\/a\.png: false for 'create' @ L\d+:\d+/,
    );
    expect(reason).toContain('(request.resource.size < 1000)');
    await denied(uploadBytes(file, png(), { contentType: 'text/plain' }));
    await denied(
      uploadBytes(file, png(), { contentType: 'image/png', customMetadata: { x: '1' } }),
    );
    await uploadBytes(file, png(), { contentType: 'image/png', customMetadata: { caption: 'ok' } });
    await denied(updateMetadata(file, { contentType: 'text/plain' }));
    await denied(updateMetadata(file, { customMetadata: { other: 'x' } }));
    await updateMetadata(file, { customMetadata: { caption: 'locked' } });
    // update sees `resource` as the stored object: once locked, no further change
    await denied(updateMetadata(file, { customMetadata: { caption: 'open' } }));
    const last = server.rules.recent().at(-1);
    expect(last).toMatchObject({ service: 'firebase.storage', allowed: false, method: 'update' });
    expect(last?.uid).toBe('ann');
  });

  it('reads Firestore for membership: a member may, a removed member may not', async () => {
    const engine = firestore.frontend.engine;
    await seed(engine, 'devices/d1', { admins: ['ann'] });
    await seed(engine, 'devices/d1/members/ann', {});
    await seed(engine, 'devices/d1/members/bob', {});
    const photo = (storage: FirebaseStorage) => ref(storage, 'devices/d1/photo.jpg');
    await uploadBytes(photo(client('ann')), png(), { contentType: 'image/jpeg' });
    await denied(uploadBytes(photo(client('bob')), png(), { contentType: 'image/jpeg' }));
    expect((await getMetadata(photo(client('bob')))).size).toBe(3);
    await denied(getMetadata(photo(client('eve'))));
    // bob leaves and ann is no longer an admin
    await engine.commit({
      database: DATABASE,
      writes: [{ delete: `${DATABASE}/documents/devices/d1/members/bob` }],
    });
    await seed(engine, 'devices/d1', { admins: [] });
    await denied(getMetadata(photo(client('bob'))));
    await denied(deleteObject(photo(client('ann'))));
    expect((await getMetadata(photo(client('ann')))).size).toBe(3);
  });

  it('stores nothing on a denied write, fires no event, and keeps no resumable session', async () => {
    const ann = client('ann');
    await uploadBytes(ref(ann, 'users/ann/a.png'), png(), { contentType: 'image/png' });
    await h.eventsArrived({ finalized: 1 });
    h.finalized.length = 0;
    const eve = client('eve');
    await denied(uploadBytes(ref(eve, 'users/ann/a.png'), png(7), { contentType: 'image/png' }));
    await denied(uploadBytes(ref(eve, 'users/ann/b.png'), png(), { contentType: 'image/png' }));
    await denied(uploadBytesResumable(ref(ann, 'users/ann/big.png'), png(5000)).then());
    await denied(updateMetadata(ref(eve, 'users/ann/a.png'), { customMetadata: { caption: 'x' } }));
    await denied(deleteObject(ref(eve, 'users/ann/a.png')));
    // Events go out in the order of the responses that caused them: once a later write's event is
    // in, any event of a denied request would be in before it.
    const marker = await fetch(`${server.url}/upload/storage/v1/b/${BUCKET}/o?name=marker`, {
      method: 'POST',
      body: 'm',
    });
    expect(marker.status).toBe(200);
    await h.eventsArrived({ finalized: 1 });
    expect(h.finalized.map((o) => o.name)).toEqual(['marker']);
    expect(h.deleted).toEqual([]);
    const listed = await list(ref(ann, 'users/ann'));
    expect(listed.items.map((i) => i.name)).toEqual(['a.png']);
    const meta = await getMetadata(ref(ann, 'users/ann/a.png'));
    expect(meta.size).toBe(3);
    expect(meta.customMetadata).toBeUndefined();

    // A resumable upload by raw requests: the denial at finalize ends the session.
    const auth = { Authorization: `Firebase ${mockToken('eve')}` };
    const start = await fetch(`${server.url}/v0/b/${BUCKET}/o?name=users%2Fann%2Fr.png`, {
      method: 'POST',
      headers: {
        ...auth,
        'Content-Type': 'application/json',
        'X-Goog-Upload-Protocol': 'resumable',
        'X-Goog-Upload-Command': 'start',
        'X-Goog-Upload-Header-Content-Type': 'image/png',
      },
      body: JSON.stringify({ name: 'users/ann/r.png', contentType: 'image/png' }),
    });
    const uploadUrl = start.headers.get('x-goog-upload-url') ?? '';
    expect(uploadUrl).toContain('upload_id=');
    const put = await fetch(uploadUrl, {
      method: 'POST',
      headers: {
        ...auth,
        'X-Goog-Upload-Command': 'upload, finalize',
        'X-Goog-Upload-Offset': '0',
      },
      body: png(),
    });
    expect(put.status).toBe(403);
    const again = await fetch(uploadUrl, {
      method: 'POST',
      headers: { ...auth, 'X-Goog-Upload-Command': 'finalize' },
    });
    expect(again.status).toBe(404);
    expect((await list(ref(ann, 'users/ann'))).items.map((i) => i.name)).toEqual(['a.png']);
  });

  it('judges a media (simple) upload; Bearer owner and the JSON API bypass the rules', async () => {
    const media = (headers: Record<string, string>, name = 'users%2Fann%2Fm.png') =>
      fetch(`${server.url}/v0/b/${BUCKET}/o?name=${name}`, {
        method: 'POST',
        headers: { 'Content-Type': 'image/png', ...headers },
        body: png(),
      });
    expect((await media({ Authorization: `Firebase ${mockToken('eve')}` })).status).toBe(403);
    expect((await media({ Authorization: `Bearer ${mockToken('ann')}` })).status).toBe(200);
    expect((await media({ Authorization: 'Bearer owner' }, 'anywhere%2Fx.bin')).status).toBe(200);
    expect((await media({ Authorization: 'Firebase not-a-jwt' })).status).toBe(401);
    const json = await fetch(`${server.url}/storage/v1/b/${BUCKET}/o/anywhere%2Fx.bin?alt=media`);
    expect(json.status).toBe(200);
    const eveGets = await fetch(`${server.url}/v0/b/${BUCKET}/o/anywhere%2Fx.bin?alt=media`, {
      headers: { Authorization: `Firebase ${mockToken('eve')}` },
    });
    expect(eveGets.status).toBe(403);
    const body = (await eveGets.json()) as { error: { code: number; message: string } };
    expect(body.error.code).toBe(403);
    expect(body.error.message).toMatch(/^Permission denied\. No READ permission\. get /);
    expect(body.error.message).toContain("no allow statement covers 'get'");
  });

  it('refuses rules that do not compile, keeping those in force, and reports coverage', async () => {
    const bad = await putRules(
      "rules_version = '2';\nservice firebase.storage { match /b/{x}/o { allow read: if ; } }",
    );
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/2:\d+/);
    expect((await putRules('service cloud.firestore { }')).status).toBe(400);
    await denied(getMetadata(ref(client('eve'), 'users/ann/a.png')));
    await getMetadata(ref(client('ann'), 'users/ann/a.png')).catch(() => undefined);
    const coverage = await fetch(`${server.url}/emulator/v1/projects/${PROJECT}:ruleCoverage`);
    const report = (await coverage.json()) as {
      service: string;
      allows: { methods: string[]; true: number; false: number }[];
    };
    expect(report.service).toBe('firebase.storage');
    expect(report.allows[0]).toMatchObject({ methods: ['get', 'list'] });
    expect((report.allows[0]?.true ?? 0) + (report.allows[0]?.false ?? 0)).toBeGreaterThan(0);
  });
});

describe('@firebase/rules-unit-testing against local-cloud Storage', () => {
  it('loads storage rules and clears storage', async () => {
    const env = await initializeTestEnvironment({
      projectId: PROJECT,
      storage: { host: server.host, port: server.port, rules: RULES },
    });
    try {
      // rules-unit-testing's contexts use the bucket gs://{projectId}.
      const ann = env.authenticatedContext('ann').storage();
      await assertSucceeds(
        ann.ref('users/ann/a.png').put(png(), { contentType: 'image/png' }).then(),
      );
      await assertFails(
        env.authenticatedContext('eve').storage().ref('users/ann/a.png').getMetadata(),
      );
      await assertFails(
        env.unauthenticatedContext().storage().ref('users/ann/a.png').getMetadata(),
      );
      await env.withSecurityRulesDisabled(async (ctx) => {
        await ctx.storage().ref('root.txt').putString('x');
      });
      await env.clearStorage();
      await env.withSecurityRulesDisabled(async (ctx) => {
        const { items } = await ctx.storage().ref().listAll();
        expect(items).toEqual([]);
      });
    } finally {
      await env.cleanup();
    }
  });
});
