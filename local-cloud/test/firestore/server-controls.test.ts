// local-cloud's own controls around the Firestore server (op counters, change feed, reset,
// snapshot and restore). The official emulator has no such API, so these run on local-cloud only.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ids, onLocalCloud, openBackend } from './backend.ts';
import type { Backend } from './backend.ts';
import type { FirestoreServer } from '../../src/firestore/index.ts';

describe.skipIf(!onLocalCloud)('local-cloud server controls', () => {
  let be: Backend;
  let server: FirestoreServer;
  let dir: string;

  beforeAll(async () => {
    be = await openBackend('controls');
    if (be.server === undefined) throw new Error('local-cloud server expected');
    server = be.server;
    dir = await mkdtemp(join(tmpdir(), 'firestore-controls-'));
  });
  afterAll(async () => {
    await be.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('counts document reads, writes and deletes as Firestore bills them', async () => {
    await be.db.doc('ops/a').set({ v: 1 });
    await be.db.doc('ops/b').set({ v: 2 });
    await be.db.doc('ops/c').set({ v: 3 });
    server.resetOps();
    expect(server.ops()).toEqual({ reads: 0, writes: 0, deletes: 0 });
    await be.db.doc('ops/a').get();
    await be.db.collection('ops').get();
    expect(server.ops().reads).toBe(4);
    await be.db.doc('ops/d').set({ v: 4 });
    await be.db.doc('ops/a').delete();
    expect(server.ops()).toEqual({ reads: 4, writes: 1, deletes: 1 });
  });

  it('reports every committed change to onChange listeners until unsubscribed', async () => {
    const seen: { path: string; before: unknown; after: unknown }[] = [];
    const unsubscribe = server.onChange((c) => seen.push(c));
    await be.db.doc('feed/x').set({ v: 1 });
    await be.db.doc('feed/x').update({ v: 2 });
    await be.db.doc('feed/x').delete();
    unsubscribe();
    await be.db.doc('feed/y').set({ v: 1 });
    expect(seen).toHaveLength(3);
    expect(seen.every((c) => c.path.endsWith('feed/x'))).toBe(true);
    expect(seen[0]?.before ?? null).toBeNull();
    expect(seen[2]?.after ?? null).toBeNull();
  });

  it('snapshots, resets and restores the data', async () => {
    await be.db.doc('saved/one').set({ v: 'kept' });
    const file = join(dir, 'snapshot.json');
    await server.snapshot(file);
    server.reset();
    expect((await be.db.doc('saved/one').get()).exists).toBe(false);
    await server.restore(file);
    expect((await be.db.doc('saved/one').get()).get('v')).toBe('kept');
    expect(ids(await be.db.collection('saved').get())).toEqual(['one']);
  });
});
