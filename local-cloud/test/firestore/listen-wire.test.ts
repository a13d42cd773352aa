// The Listen stream on the wire, as the client SDKs drive it: the target lifecycle, incremental
// changes, removal, `once`, resume with an existence filter, and bad input. Runs against the official
// emulator too (test:conformance:official); where the official emulator does less (it resends every
// document on each change and sends no bloom filter), the exact message sequence is checked on
// local-cloud only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bloomFilterMightContain } from '../../src/firestore/listen/bloom-filter.ts';
import { onLocalCloud, openBackend } from './backend.ts';
import type { Backend } from './backend.ts';
import {
  databaseOf,
  documentsTarget,
  isGlobal,
  isTargetChange,
  openListen,
  queryTarget,
} from './listen-wire.ts';
import type { ListenResponse, WireStream } from './listen-wire.ts';

let backend: Backend;
let address: string;
const open: WireStream[] = [];
const listen = (token?: string): WireStream => {
  const s = openListen(address, token);
  open.push(s);
  return s;
};

beforeAll(async () => {
  backend = await openBackend('listen-wire');
  address = process.env.FIRESTORE_EMULATOR_HOST ?? '';
});

afterAll(async () => {
  for (const s of open) s.close();
  await backend.close();
});

const name = (path: string): string => `${databaseOf(backend.projectId)}/documents/${path}`;
const byColor = (collection: string, color: string): object => ({
  from: [{ collectionId: collection }],
  where: {
    fieldFilter: { field: { fieldPath: 'color' }, op: 'EQUAL', value: { stringValue: color } },
  },
});
const changedName = (m: ListenResponse): string | undefined => m.documentChange?.document?.name;

describe('Listen: a target lifecycle', () => {
  it('answers ADD, the matching documents, CURRENT with a resume token, then a global snapshot', async () => {
    await backend.db.doc('life/a').set({ color: 'red' });
    await backend.db.doc('life/b').set({ color: 'red' });
    await backend.db.doc('life/c').set({ color: 'blue' });
    const s = listen();
    s.send(queryTarget(backend.projectId, 2, byColor('life', 'red')));
    const global = await s.next(isGlobal);
    const upTo = s.messages.indexOf(global);
    const types = s.messages.slice(0, upTo + 1);
    expect(types[0]?.targetChange?.targetChangeType).toBe('ADD');
    const docs = types.filter((m) => m.documentChange).map(changedName);
    expect(docs.sort()).toEqual([name('life/a'), name('life/b')]);
    const current = types.find(isTargetChange('CURRENT', 2));
    expect(current?.targetChange?.resumeToken?.length).toBeGreaterThan(0);
    expect(current?.targetChange?.readTime).toBeDefined();
    expect(types.indexOf(current as ListenResponse)).toBeLessThan(upTo);
  });

  it('sends a change to the targets it affects, and a later global snapshot', async () => {
    const s = listen();
    s.send(queryTarget(backend.projectId, 2, byColor('inc', 'red')));
    s.send(queryTarget(backend.projectId, 4, byColor('inc', 'blue')));
    await s.next(isTargetChange('CURRENT', 4));
    const first = await s.next(isGlobal, s.messages.findIndex(isTargetChange('CURRENT', 4)));
    const mark = s.messages.length;
    await backend.db.doc('inc/x').set({ color: 'red' });
    const change = await s.next((m) => changedName(m) === name('inc/x'), mark);
    expect(change.documentChange?.targetIds).toEqual([2]);
    const after = await s.next(isGlobal, s.messages.indexOf(change));
    expect(BigInt(after.targetChange?.readTime?.seconds ?? 0)).toBeGreaterThanOrEqual(
      BigInt(first.targetChange?.readTime?.seconds ?? 0),
    );
    if (onLocalCloud) {
      // Incremental: exactly the one document and one global snapshot, no RESET and no resend.
      // A stream's changes go out in commit order, so whatever inc/x caused precedes inc/y.
      await backend.db.doc('inc/y').set({ color: 'blue' });
      const next = await s.next((m) => changedName(m) === name('inc/y'), mark);
      expect(
        s.messages.slice(mark, s.messages.indexOf(next)).map((m) => Object.keys(m)[0]),
      ).toEqual(['documentChange', 'targetChange']);
    }
  });

  it('takes a document that stops matching out of the target, and a deleted one too', async () => {
    await backend.db.doc('leave/m').set({ color: 'red' });
    await backend.db.doc('leave/d').set({ color: 'red' });
    const s = listen();
    s.send(queryTarget(backend.projectId, 2, byColor('leave', 'red')));
    await s.next(isGlobal);
    let mark = s.messages.length;
    await backend.db.doc('leave/m').update({ color: 'green' });
    const left = await s.next(
      (m) =>
        (m.documentChange?.removedTargetIds ?? []).includes(2) ||
        m.documentRemove?.document === name('leave/m'),
      mark,
    );
    expect(left.documentChange?.targetIds ?? []).not.toContain(2);
    mark = s.messages.length;
    await backend.db.doc('leave/d').delete();
    const deleted = await s.next((m) => m.documentDelete?.document === name('leave/d'), mark);
    expect(deleted.documentDelete?.removedTargetIds).toEqual([2]);
  });

  it('stops sending a target after RemoveTarget, and keeps the others', async () => {
    const s = listen();
    s.send(queryTarget(backend.projectId, 2, byColor('rm', 'red')));
    s.send(documentsTarget(backend.projectId, 3, ['rm/doc']));
    await s.next(isTargetChange('CURRENT', 3));
    s.send({ database: databaseOf(backend.projectId), removeTarget: 2 });
    await s.next(isTargetChange('REMOVE', 2));
    const mark = s.messages.length;
    await backend.db.doc('rm/other').set({ color: 'red' });
    await backend.db.doc('rm/doc').set({ color: 'red' });
    const change = await s.next((m) => changedName(m) === name('rm/doc'), mark);
    expect(change.documentChange?.targetIds).toEqual([3]);
    expect(s.messages.slice(mark).some((m) => changedName(m) === name('rm/other'))).toBe(false);
  });

  it('answers a documents target for a missing document with CURRENT and no document', async () => {
    const s = listen();
    s.send(documentsTarget(backend.projectId, 5, ['missing/one']));
    const current = await s.next(isTargetChange('CURRENT', 5));
    const before = s.messages.slice(0, s.messages.indexOf(current));
    expect(before.some((m) => m.documentChange)).toBe(false);
    const mark = s.messages.length;
    await backend.db.doc('missing/one').set({ here: true });
    await s.next((m) => changedName(m) === name('missing/one'), mark);
  });

  it('removes a once target after CURRENT', async () => {
    await backend.db.doc('once/a').set({ color: 'red' });
    const s = listen();
    s.send(queryTarget(backend.projectId, 6, byColor('once', 'red'), { once: true }));
    const removed = await s.next(isTargetChange('REMOVE', 6));
    const current = s.messages.findIndex(isTargetChange('CURRENT', 6));
    expect(current).toBeGreaterThan(-1);
    expect(current).toBeLessThan(s.messages.indexOf(removed));
    // A target that stays: its change, committed after once/b, comes after anything once/b causes.
    s.send(documentsTarget(backend.projectId, 7, ['once/marker']));
    await s.next(isTargetChange('CURRENT', 7));
    const mark = s.messages.length;
    await backend.db.doc('once/b').set({ color: 'red' });
    await backend.db.doc('once/marker').set({ here: true });
    const marker = await s.next((m) => changedName(m) === name('once/marker'), mark);
    const between = s.messages.slice(mark, s.messages.indexOf(marker));
    expect(between.some((m) => m.documentChange)).toBe(false);
  });
});

describe('Listen: resume', () => {
  it('resumes from a token with what changed since, and an existence filter', async () => {
    await backend.db.doc('res/keep').set({ color: 'red' });
    await backend.db.doc('res/edit').set({ color: 'red', n: 1 });
    await backend.db.doc('res/gone').set({ color: 'red' });
    const first = listen();
    first.send(queryTarget(backend.projectId, 2, byColor('res', 'red')));
    const current = await first.next(isTargetChange('CURRENT', 2));
    first.close();
    await backend.db.doc('res/edit').update({ n: 2 });
    await backend.db.doc('res/gone').delete();
    await backend.db.doc('res/new').set({ color: 'red' });

    const s = listen();
    s.send(
      queryTarget(backend.projectId, 2, byColor('res', 'red'), {
        resumeToken: current.targetChange?.resumeToken,
      }),
    );
    const resumed = await s.next(isTargetChange('CURRENT', 2));
    const batch = s.messages.slice(0, s.messages.indexOf(resumed));
    const changed = batch.map(changedName).filter((n) => n !== undefined);
    expect(changed).toContain(name('res/edit'));
    expect(changed).toContain(name('res/new'));
    if (onLocalCloud) {
      expect(changed.sort()).toEqual([name('res/edit'), name('res/new')]);
      expect(batch.some((m) => m.documentDelete?.document === name('res/gone'))).toBe(true);
      const filter = batch.find((m) => m.filter)?.filter;
      expect(filter?.count).toBe(3);
      const bloom = filter?.unchangedNames;
      const proto = {
        bits: {
          bitmap: bloom?.bits?.bitmap ?? Buffer.alloc(0),
          padding: bloom?.bits?.padding ?? 0,
        },
        hashCount: bloom?.hashCount ?? 0,
      };
      for (const p of ['res/keep', 'res/edit', 'res/new'])
        expect(bloomFilterMightContain(proto, name(p))).toBe(true);
    }
  });

  it.runIf(onLocalCloud)(
    'refuses a resume token it did not issue, on that target only',
    async () => {
      const s = listen();
      s.send(
        queryTarget(backend.projectId, 2, byColor('res', 'red'), {
          resumeToken: Buffer.from('not-a-token'),
        }),
      );
      const removed = await s.next(isTargetChange('REMOVE', 2));
      expect(removed.targetChange?.cause?.code).toBe(3);
      s.send(documentsTarget(backend.projectId, 4, ['res/keep']));
      await s.next(isTargetChange('CURRENT', 4));
    },
  );
});

describe('Listen: bad input', () => {
  it('removes a target on an odd-segment path with INVALID_ARGUMENT and keeps the stream', async () => {
    const s = listen();
    s.send(documentsTarget(backend.projectId, 2, ['users']));
    const removed = await s.next(isTargetChange('REMOVE', 2));
    expect(removed.targetChange?.cause?.code).toBe(3);
    s.send(documentsTarget(backend.projectId, 4, ['users/u']));
    await s.next(isTargetChange('CURRENT', 4));
  });

  it.runIf(onLocalCloud)('ends the stream on a duplicate target id', async () => {
    const s = listen();
    s.send(documentsTarget(backend.projectId, 2, ['dup/a']));
    await s.next(isTargetChange('CURRENT', 2));
    s.send(documentsTarget(backend.projectId, 2, ['dup/b']));
    const status = await s.ended();
    expect(status?.code).toBe(3);
    expect(status?.details).toMatch(/already in use/);
  });

  it.runIf(onLocalCloud)('ends the stream on a RemoveTarget for an unknown id', async () => {
    const s = listen();
    s.send({ database: databaseOf(backend.projectId), removeTarget: 99 });
    const status = await s.ended();
    expect(status?.code).toBe(3);
  });

  it.runIf(onLocalCloud)('ends the stream on a request that neither adds nor removes', async () => {
    const s = listen();
    s.send({ database: databaseOf(backend.projectId) });
    expect((await s.ended())?.code).toBe(3);
  });

  it.runIf(onLocalCloud)('refuses a token that is not a JWT with UNAUTHENTICATED', async () => {
    const s = listen('garbage');
    s.send(documentsTarget(backend.projectId, 2, ['a/b']));
    expect((await s.ended())?.code).toBe(16);
  });

  it.runIf(onLocalCloud)(
    'forgets 1,000 streams opened and dropped, and serves the next client',
    async () => {
      const server = backend.server;
      if (!server) return;
      const before = server.listenHub.stats();
      for (let i = 0; i < 1000; i++) {
        const s = openListen(address);
        s.send(documentsTarget(backend.projectId, 2, [`churn/d${String(i % 10)}`]));
        if (i % 2 === 0) await s.next(isTargetChange('CURRENT', 2));
        s.close();
      }
      await expect.poll(() => server.listenHub.stats(), { timeout: 5000 }).toEqual(before);
      const s = listen();
      s.send(documentsTarget(backend.projectId, 2, ['churn/d1']));
      await s.next(isTargetChange('CURRENT', 2));
    },
    60_000,
  );
});
