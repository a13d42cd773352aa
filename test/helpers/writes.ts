import type { DocumentReference, Firestore } from 'firebase-admin/firestore';
import type { TestCloud } from '@gadget/local-cloud/testing';
import { ON_EMULATORS } from './target.ts';

/**
 * How many Firestore writes and deletes happen while `action` runs, so a refused request can be
 * shown to change nothing. On local-cloud, its op counters (every write counts, even one that
 * leaves a document as it was). On the official emulators, which count nothing, every document's
 * update time before and after: a document created, changed or deleted counts once (a write that
 * leaves a document as it was keeps its update time, as in production, and is not seen).
 */
export async function writesDuring(
  cloud: TestCloud,
  action: () => Promise<unknown>,
): Promise<number> {
  if (!ON_EMULATORS) {
    cloud.resetOps();
    await action();
    const { writes, deletes } = cloud.ops();
    return writes + deletes;
  }
  return documentsChangedDuring(cloud.firestore, action);
}

/** Documents created, changed or deleted while `action` runs, by their update times. */
export async function documentsChangedDuring(
  firestore: Firestore,
  action: () => Promise<unknown>,
): Promise<number> {
  const before = await updateTimes(firestore);
  await action();
  const after = await updateTimes(firestore);
  let changed = 0;
  for (const [path, time] of after) if (before.get(path) !== time) changed += 1;
  for (const path of before.keys()) if (!after.has(path)) changed += 1;
  return changed;
}

/** Every stored document's path and update time (documents that exist only as parents skipped). */
async function updateTimes(firestore: Firestore): Promise<Map<string, string>> {
  const times = new Map<string, string>();
  const visit = async (refs: DocumentReference[]): Promise<void> => {
    if (refs.length === 0) return;
    for (const snapshot of await firestore.getAll(...refs)) {
      const time = snapshot.updateTime;
      if (time) times.set(snapshot.ref.path, `${String(time.seconds)}.${String(time.nanoseconds)}`);
    }
    for (const ref of refs) {
      for (const collection of await ref.listCollections())
        await visit(await collection.listDocuments());
    }
  };
  for (const collection of await firestore.listCollections()) {
    await visit(await collection.listDocuments());
  }
  return times;
}

/**
 * The reads every callable makes beyond its own work: the account's deletion tombstone, before the
 * handler and after it (a call that overlapped a deletion sweeps after itself).
 */
export const ACCOUNT_CHECK_READS = 2;
