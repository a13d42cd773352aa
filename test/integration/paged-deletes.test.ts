// deleteInPages, the one owner of deleting a query's documents batch by batch (account deletion,
// schedule clean-up), run in this process against the test cloud like sharing-services.test.ts.
import { describe, expect, it } from 'vitest';
import { sharedCloud, startProductCloud } from '../helpers/product-cloud.ts';
import { db } from '../../functions/src/admin.ts';
import { MAX_BATCH_WRITES, deleteInPages } from '../../functions/src/data/batches.ts';

// The cloud the in-process firebase-admin talks to (through the emulator variables it sets).
sharedCloud(() => startProductCloud());

async function seed(collection: string, count: number, owner: string): Promise<void> {
  for (let start = 0; start < count; start += MAX_BATCH_WRITES) {
    const batch = db().batch();
    for (let i = start; i < Math.min(count, start + MAX_BATCH_WRITES); i++) {
      batch.set(
        db()
          .collection(collection)
          .doc(`d${String(i)}`),
        { owner },
      );
    }
    await batch.commit();
  }
}

async function countOf(collection: string, owner: string): Promise<number> {
  return (await db().collection(collection).where('owner', '==', owner).count().get()).data().count;
}

describe('deleteInPages', () => {
  it('deletes every match in pages no larger than one batch, and nothing else', async () => {
    await seed('paged', 2 * MAX_BATCH_WRITES + 1, 'a');
    await db().collection('paged').doc('other').set({ owner: 'b' });
    const pages: number[] = [];
    const deleted = await deleteInPages(
      db().collection('paged').where('owner', '==', 'a').select(),
      (docs) => {
        pages.push(docs.length);
        return Promise.resolve();
      },
    );
    expect(deleted).toBe(2 * MAX_BATCH_WRITES + 1);
    expect(pages).toEqual([MAX_BATCH_WRITES, MAX_BATCH_WRITES, 1]);
    expect(await countOf('paged', 'a')).toBe(0);
    expect(await countOf('paged', 'b')).toBe(1);
    expect(await deleteInPages(db().collection('paged').where('owner', '==', 'a'))).toBe(0);
  });

  it('leaves the page whose beforeDelete failed for the retry, which finishes', async () => {
    await seed('retried', MAX_BATCH_WRITES + 10, 'a');
    const query = db().collection('retried').where('owner', '==', 'a').select();
    let calls = 0;
    await expect(
      deleteInPages(query, () => {
        calls++;
        return calls === 2 ? Promise.reject(new Error('job deletion failed')) : Promise.resolve();
      }),
    ).rejects.toThrow('job deletion failed');
    // The first page went; the second, whose clean-up failed, is all still there.
    expect(await countOf('retried', 'a')).toBe(10);
    expect(await deleteInPages(query)).toBe(10);
    expect(await countOf('retried', 'a')).toBe(0);
  });
});
