// The REST side of local-cloud's Firestore port, driven as the clients drive it: raw fetch in the
// shapes the web SDK's rest_connection.ts forms, firebase-admin with preferRest (google-gax's REST
// fallback), and the web SDK's Lite build, which speaks nothing but fetch REST.
import {
  deleteApp as deleteAdminApp,
  initializeApp as initializeAdminApp,
} from 'firebase-admin/app';
import { getFirestore as getAdminFirestore } from 'firebase-admin/firestore';
import { Timestamp as AdminTimestamp } from 'firebase-admin/firestore';
import type { Firestore as AdminFirestore, Timestamp } from 'firebase-admin/firestore';
import { status } from '@grpc/grpc-js';
import { deleteApp, initializeApp } from 'firebase/app';
import {
  collection,
  connectFirestoreEmulator,
  doc,
  getCount,
  getDoc,
  getDocs,
  getFirestore,
  query,
  runTransaction,
  setDoc,
  where,
  writeBatch,
} from 'firebase/firestore/lite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFirestoreServer } from '../../src/firestore/index.ts';
import type { FirestoreServer } from '../../src/firestore/index.ts';
import { expectPreflightAllowed } from '../cors.ts';

process.env.METADATA_SERVER_DETECTION ??= 'none';

const PROJECT = 'demo-rest';
const DB = `projects/${PROJECT}/databases/(default)`;

let server: FirestoreServer;
let base: string;

beforeAll(async () => {
  server = await startFirestoreServer({
    strictIndexes: false,
    http: { maxBodyBytes: 1024 * 1024 },
  });
  base = `http://${server.address}`;
});
afterAll(async () => {
  await server.stop();
});
beforeEach(() => {
  server.reset();
});

/** A POST as the web SDK sends it: JSON in a text/plain body, the path's segments URI-encoded. */
async function sdkPost(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/v1/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain', 'X-Goog-Api-Client': 'gl-js/ fire/12', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> & unknown[] };
}

describe('REST as the web SDK sends it', () => {
  it('commits, batch-gets and queries with the database and parent taken from the URL', async () => {
    const commit = await sdkPost(`projects/${PROJECT}/databases/(default)/documents:commit`, {
      writes: [
        {
          update: {
            name: `${DB}/documents/rooms/r1/msgs/m1`,
            fields: { n: { integerValue: '7' } },
          },
        },
      ],
    });
    expect(commit.status).toBe(200);
    expect(commit.json.commitTime).toMatch(/^\d{4}-\d\d-\d\dT/);

    const got = await sdkPost(`projects/${PROJECT}/databases/(default)/documents:batchGet`, {
      documents: [`${DB}/documents/rooms/r1/msgs/m1`, `${DB}/documents/rooms/r1/msgs/nope`],
    });
    expect(got.json).toHaveLength(2);
    expect(got.json[0]).toMatchObject({ found: { fields: { n: { integerValue: '7' } } } });
    expect(got.json[1]).toMatchObject({ missing: `${DB}/documents/rooms/r1/msgs/nope` });

    // A query under a document: the parent is the URL's path, URI-encoded segment by segment.
    const rows = await sdkPost(
      `projects/${PROJECT}/databases/(default)/documents/rooms/r1:runQuery`,
      {
        structuredQuery: { from: [{ collectionId: 'msgs' }] },
      },
    );
    expect(rows.json).toHaveLength(1);
    expect(rows.json[0]).toMatchObject({ document: { name: `${DB}/documents/rooms/r1/msgs/m1` } });

    const count = await sdkPost(
      `projects/${PROJECT}/databases/(default)/documents/rooms/r1:runAggregationQuery`,
      {
        structuredAggregationQuery: {
          structuredQuery: { from: [{ collectionId: 'msgs' }] },
          aggregations: [{ alias: 'aggregate_0', count: {} }],
        },
      },
    );
    expect(count.json[0]).toMatchObject({
      result: { aggregateFields: { aggregate_0: { integerValue: '1' } } },
    });
  });

  it('answers errors as Google APIs do, with the HTTP status matching the code', async () => {
    const bad = await sdkPost(`projects/${PROJECT}/databases/(default)/documents:commit`, {
      writes: [{ update: { name: 'not-a-name', fields: {} } }],
    });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT' } });

    const malformed = await fetch(`${base}/v1/${DB}/documents:commit`, {
      method: 'POST',
      body: '{"writes": [',
    });
    expect(malformed.status).toBe(400);

    const unauthenticated = await sdkPost(
      `projects/${PROJECT}/databases/(default)/documents:batchGet`,
      { documents: [] },
      { Authorization: 'Bearer not-a-jwt' },
    );
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.json).toMatchObject({ error: { status: 'UNAUTHENTICATED' } });

    server.failNext('Commit', status.ABORTED);
    const aborted = await sdkPost(`projects/${PROJECT}/databases/(default)/documents:commit`, {
      writes: [],
    });
    expect(aborted).toMatchObject({ status: 409, json: { error: { status: 'ABORTED' } } });

    const unknown = await fetch(`${base}/v1/${DB}/documents:frobnicate`, { method: 'POST' });
    expect(unknown.status).toBe(404);
    // The server keeps serving the next client.
    expect(await (await fetch(`${base}/`)).text()).toBe('Ok');
  });

  it('refuses a body over the limit with 413, reading it without keeping it', async () => {
    const huge = 'x'.repeat(2 * 1024 * 1024);
    const res = await fetch(`${base}/v1/${DB}/documents:commit`, { method: 'POST', body: huge });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: 413, status: 'INVALID_ARGUMENT' } });
    expect((await fetch(`${base}/`)).status).toBe(200);
  });

  it('answers CORS preflights for a loopback page and exposes the session header', async () => {
    const pre = await expectPreflightAllowed(
      `${base}/v1/${DB}/documents:commit`,
      'http://localhost:5173',
      'authorization,x-goog-api-client,content-type',
    );
    expect(pre.headers.get('access-control-allow-credentials')).toBe('true');
    const res = await fetch(`${base}/`, { headers: { Origin: 'http://localhost:5173' } });
    expect(res.headers.get('access-control-expose-headers')).toMatch(/X-HTTP-Session-Id/);
  });

  it('refuses a page of another site, preflight and request, with no CORS header', async () => {
    const preflight = await fetch(`${base}/v1/${DB}/documents:commit`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://app.test', 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const read = await fetch(`${base}/v1/${DB}/documents/tools`, {
      headers: { Origin: 'http://app.test', Authorization: 'Bearer owner' },
    });
    expect(read.status).toBe(403);
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('serves the single-document methods tools use: GET, PATCH, DELETE, list, listCollectionIds', async () => {
    const name = `${DB}/documents/tools/t1`;
    const patched = await fetch(
      `${base}/v1/${name}?updateMask.fieldPaths=a&currentDocument.exists=false`,
      {
        method: 'PATCH',
        body: JSON.stringify({ fields: { a: { stringValue: 'x' }, b: { stringValue: 'skip' } } }),
      },
    );
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ name, fields: { a: { stringValue: 'x' } } });
    const again = await fetch(`${base}/v1/${name}?currentDocument.exists=false`, {
      method: 'PATCH',
      body: '{}',
    });
    expect(again.status).toBe(409);

    const got = (await (await fetch(`${base}/v1/${name}?mask.fieldPaths=a`)).json()) as object;
    expect(got).toMatchObject({ name, fields: { a: { stringValue: 'x' } } });
    expect(got).not.toHaveProperty('fields.b');

    await fetch(`${base}/v1/${DB}/documents/tools?documentId=t2`, { method: 'POST', body: '{}' });
    const list = (await (await fetch(`${base}/v1/${DB}/documents/tools?pageSize=1`)).json()) as {
      documents: { name: string }[];
      nextPageToken: string;
    };
    expect(list.documents.map((d) => d.name)).toEqual([name]);
    const next = (await (
      await fetch(`${base}/v1/${DB}/documents/tools?pageSize=1&pageToken=${list.nextPageToken}`)
    ).json()) as { documents: { name: string }[] };
    expect(next.documents.map((d) => d.name)).toEqual([`${DB}/documents/tools/t2`]);

    // Listing collection ids is for admin tools: clients are refused, as in production.
    expect((await sdkPost(`${DB}/documents:listCollectionIds`, {})).status).toBe(403);
    const ids = await sdkPost(
      `${DB}/documents:listCollectionIds`,
      {},
      { Authorization: 'Bearer owner' },
    );
    expect(ids.json).toMatchObject({ collectionIds: ['tools'] });

    expect((await fetch(`${base}/v1/${name}`, { method: 'DELETE' })).status).toBe(200);
    const gone = await fetch(`${base}/v1/${name}`);
    expect(gone.status).toBe(404);
    expect(await gone.json()).toMatchObject({ error: { status: 'NOT_FOUND' } });
  });

  it('clears one project through the Emulator Suite endpoint, leaving others', async () => {
    const other = `projects/demo-other/databases/(default)`;
    for (const db of [DB, other])
      await sdkPost(`${db}/documents:commit`, {
        writes: [{ update: { name: `${db}/documents/c/d`, fields: {} } }],
      });
    const res = await fetch(
      `${base}/emulator/v1/projects/${PROJECT}/databases/(default)/documents`,
      {
        method: 'DELETE',
      },
    );
    expect(res.status).toBe(200);
    expect((await fetch(`${base}/v1/${DB}/documents/c/d`)).status).toBe(404);
    expect((await fetch(`${base}/v1/${other}/documents/c/d`)).status).toBe(200);
  });
});

describe('REST clients', () => {
  let admin: ReturnType<typeof initializeAdminApp>;
  let adminDb: AdminFirestore;

  beforeAll(() => {
    process.env.FIRESTORE_EMULATOR_HOST = server.address;
    admin = initializeAdminApp({ projectId: PROJECT }, 'http-rest-admin');
    adminDb = getAdminFirestore(admin);
    // google-gax's REST transport asks an auth client for headers even against an emulator, where
    // there are none to give; this one adds none and sends through the global fetch.
    const noCredentials = {
      universeDomain: 'googleapis.com',
      getRequestHeaders: () => Promise.resolve(new Headers()),
      fetch: (url: string, init: RequestInit) =>
        fetch(url, {
          method: init.method,
          headers: init.headers,
          body: init.body,
          signal: init.signal,
        }),
    };
    adminDb.settings({ preferRest: true, authClient: noCredentials });
  });
  afterAll(async () => {
    await deleteAdminApp(admin);
    delete process.env.FIRESTORE_EMULATOR_HOST;
  });

  it('firebase-admin with preferRest: get, set, query, batch and transaction', async () => {
    const ref = adminDb.doc('accounts/a');
    await ref.set({
      balance: 10,
      tags: ['x'],
      at: new Date(1_700_000_000_000),
      raw: Buffer.from([1, 2]),
    });
    const snap = await ref.get();
    expect(snap.get('balance')).toBe(10);
    expect((snap.get('at') as Timestamp).toMillis()).toBe(1_700_000_000_000);
    expect([...(snap.get('raw') as Buffer)]).toEqual([1, 2]);

    const batch = adminDb.batch();
    batch.set(adminDb.doc('accounts/b'), { balance: 5 });
    batch.update(ref, { balance: 11 });
    await batch.commit();

    const rich = await adminDb.collection('accounts').where('balance', '>', 6).get();
    expect(rich.docs.map((d) => d.id)).toEqual(['a']);
    expect((await adminDb.collection('accounts').count().get()).data().count).toBe(2);

    await adminDb.runTransaction(async (tx) => {
      const [a, b] = await tx.getAll(ref, adminDb.doc('accounts/b'));
      tx.update(ref, { balance: (a?.get('balance') as number) - 1 });
      tx.update(adminDb.doc('accounts/b'), { balance: (b?.get('balance') as number) + 1 });
    });
    expect((await ref.get()).get('balance')).toBe(10);
    expect((await adminDb.doc('accounts/b').get()).get('balance')).toBe(6);
    expect((await adminDb.listCollections()).map((c) => c.id)).toEqual(['accounts']);
  });

  it('firebase-admin with preferRest keeps a timestamp whose seconds are zero', async () => {
    const ref = adminDb.doc('dates/epoch');
    await ref.set({ date: new Date(0), nanos: new Date(0) });
    await ref.update({ nanos: new AdminTimestamp(0, 5_000) });
    const snap = await ref.get();
    expect((snap.get('date') as Timestamp).toMillis()).toBe(0);
    expect((snap.get('nanos') as Timestamp).nanoseconds).toBe(5_000);
  });

  it('the web SDK Lite build: setDoc, getDoc, getDocs, getCount, writeBatch, runTransaction', async () => {
    const app = initializeApp({ projectId: PROJECT, apiKey: 'fake-api-key' }, 'http-rest-lite');
    try {
      const db = getFirestore(app);
      const [host, port] = server.address.split(':');
      connectFirestoreEmulator(db, host ?? '127.0.0.1', Number(port));
      await setDoc(doc(db, 'notes/n1'), { text: 'hi', n: 1 });
      const batch = writeBatch(db);
      batch.set(doc(db, 'notes/n2'), { text: 'there', n: 2 });
      await batch.commit();
      expect((await getDoc(doc(db, 'notes/n1'))).data()).toEqual({ text: 'hi', n: 1 });
      expect((await getDoc(doc(db, 'notes/missing'))).exists()).toBe(false);
      const q = query(collection(db, 'notes'), where('n', '>=', 2));
      expect((await getDocs(q)).docs.map((d) => d.id)).toEqual(['n2']);
      expect((await getCount(collection(db, 'notes'))).data().count).toBe(2);
      await runTransaction(db, async (tx) => {
        const n1 = await tx.get(doc(db, 'notes/n1'));
        tx.update(doc(db, 'notes/n1'), { n: (n1.get('n') as number) + 10 });
      });
      expect((await getDoc(doc(db, 'notes/n1'))).get('n')).toBe(11);
    } finally {
      await deleteApp(app);
    }
  });
});
