// Composite index strictness. Here the suite follows production, not the official emulator (which
// serves every query without indexes): a query that needs a composite index missing from
// firestore.indexes.json fails with FAILED_PRECONDITION; single-field indexes exist automatically
// for every field in collection scope unless a field override exempts the field (docs: "Index types
// in Cloud Firestore", "Manage indexes"). Runs against local-cloud only.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ids, onLocalCloud, openBackend, Code } from './backend.ts';
import type { Backend } from './backend.ts';

const indexesFile = fileURLToPath(new URL('./fixtures/firestore.indexes.json', import.meta.url));

// Query errors can take several seconds to reach the SDK (see queries-filters.test.ts), hence the
// timeout and the checks run in parallel within a test.
describe.skipIf(!onLocalCloud)(
  'composite index strictness (production behaviour)',
  { timeout: 30_000 },
  () => {
    let be: Backend;

    beforeAll(async () => {
      be = await openBackend('indexes', { indexesFile, strictIndexes: true });
      const batch = be.db.batch();
      for (const col of ['declared', 'undeclared', 'exempt', 'grouped', 'plain']) {
        batch.set(be.db.doc(`${col}/a`), { team: 'red', score: 10, tags: ['x'], blob: 'b', x: 1 });
        batch.set(be.db.doc(`${col}/b`), { team: 'red', score: 30, tags: ['y'], blob: 'c', x: 2 });
        batch.set(be.db.doc(`${col}/c`), { team: 'blue', score: 20, tags: ['x'], blob: 'd', x: 3 });
      }
      batch.set(be.db.doc('parents/p/grouped/g'), { x: 1 });
      batch.set(be.db.doc('parents/p/plain/g'), { x: 1 });
      await batch.commit();
    });
    afterAll(async () => {
      await be.close();
    });

    it('fails an equality plus an order on another field without a declared index', async () => {
      const query = be.db
        .collection('undeclared')
        .where('team', '==', 'red')
        .orderBy('score', 'desc');
      const error: unknown = await query.get().catch((e: unknown) => e);
      expect(error).toMatchObject({ code: Code.FAILED_PRECONDITION });
      expect((error as Error).message).toMatch(/index/i);
    });

    it('serves the same query when the composite index is declared', async () => {
      const query = be.db
        .collection('declared')
        .where('team', '==', 'red')
        .orderBy('score', 'desc');
      expect(ids(await query.get())).toEqual(['b', 'a']);
    });

    it('serves an equality plus array-contains with its declared index', async () => {
      const query = be.db
        .collection('declared')
        .where('team', '==', 'red')
        .where('tags', 'array-contains', 'x');
      expect(ids(await query.get())).toEqual(['a']);
    });

    it('needs a composite index for an order on two fields and for equality with a range', async () => {
      const undeclared = be.db.collection('undeclared');
      const failed = { code: Code.FAILED_PRECONDITION };
      await Promise.all([
        expect(undeclared.orderBy('team').orderBy('score').get()).rejects.toMatchObject(failed),
        expect(
          undeclared.where('team', '==', 'red').where('score', '>', 5).get(),
        ).rejects.toMatchObject(failed),
        expect(
          undeclared.where('team', '==', 'red').orderBy('score').count().get(),
        ).rejects.toMatchObject(failed),
      ]);
    });

    it('never needs an index for single-field queries', async () => {
      const undeclared = be.db.collection('undeclared');
      expect(ids(await undeclared.where('team', '==', 'red').get())).toEqual(['a', 'b']);
      expect(ids(await undeclared.orderBy('score', 'desc').get())).toEqual(['b', 'c', 'a']);
      expect(ids(await undeclared.where('score', '>', 15).get())).toEqual(['c', 'b']);
      expect(ids(await undeclared.where('tags', 'array-contains', 'x').get())).toEqual(['a', 'c']);
      expect(ids(await undeclared.where('score', '>', 15).where('score', '<', 25).get())).toEqual([
        'c',
      ]);
      expect((await undeclared.count().get()).data().count).toBe(3);
    });

    it('merges single-field indexes for equality-only filters on several fields', async () => {
      const snap = await be.db
        .collection('undeclared')
        .where('team', '==', 'red')
        .where('blob', '==', 'c')
        .get();
      expect(ids(snap)).toEqual(['b']);
    });

    it('fails queries on a field whose single-field indexes are exempted', async () => {
      const exempt = be.db.collection('exempt');
      const failed = { code: Code.FAILED_PRECONDITION };
      await Promise.all([
        expect(exempt.where('blob', '==', 'b').get()).rejects.toMatchObject(failed),
        expect(exempt.orderBy('blob').get()).rejects.toMatchObject(failed),
        // Other fields of the same collection keep their automatic indexes.
        expect(exempt.where('team', '==', 'blue').get().then(ids)).resolves.toEqual(['c']),
      ]);
    });

    it('needs a collection-group-scope field index for a filtered collection group query', async () => {
      await expect(be.db.collectionGroup('plain').where('x', '==', 1).get()).rejects.toMatchObject({
        code: Code.FAILED_PRECONDITION,
      });
      const grouped = await be.db.collectionGroup('grouped').where('x', '==', 1).get();
      expect(grouped.docs.map((d) => d.ref.path)).toEqual(['grouped/a', 'parents/p/grouped/g']);
      // An unfiltered collection group scan needs no index.
      expect((await be.db.collectionGroup('plain').get()).size).toBe(4);
    });

    it('can be switched off at run time, as the official emulator behaves', async () => {
      const query = be.db
        .collection('undeclared')
        .where('team', '==', 'red')
        .orderBy('score', 'desc');
      be.server?.setStrictIndexes(false);
      try {
        expect(ids(await query.get())).toEqual(['b', 'a']);
      } finally {
        be.server?.setStrictIndexes(true);
      }
      await expect(query.get()).rejects.toMatchObject({ code: Code.FAILED_PRECONDITION });
    });
  },
);
