import type { Query, QueryDocumentSnapshot } from 'firebase-admin/firestore';
import { db } from '../admin.ts';

/**
 * Writes per batch, and documents per page of a paged delete. Firestore has not capped a commit at
 * 500 writes since March 2023 (a request must stay under 10 MiB); pages this size keep each commit
 * small and a failed page quick to retry.
 */
export const MAX_BATCH_WRITES = 500;

/** `items` in runs of at most MAX_BATCH_WRITES, each small enough for one batch. */
export function batchesOf<T>(items: readonly T[]): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += MAX_BATCH_WRITES) {
    batches.push(items.slice(i, i + MAX_BATCH_WRITES));
  }
  return batches;
}

/**
 * Deletes every document `query` matches, one batch per page, and returns how many there were.
 * `beforeDelete` runs on each page before its batch (to undo what the documents stand for
 * elsewhere); if it throws, the page stays for the retry to find. Safe to repeat.
 */
export async function deleteInPages(
  query: Query,
  beforeDelete?: (docs: readonly QueryDocumentSnapshot[]) => Promise<void>,
): Promise<number> {
  let deleted = 0;
  for (;;) {
    const page = await query.limit(MAX_BATCH_WRITES).get();
    if (page.empty) return deleted;
    await beforeDelete?.(page.docs);
    const batch = db().batch();
    for (const doc of page.docs) batch.delete(doc.ref);
    await batch.commit();
    deleted += page.size;
  }
}
