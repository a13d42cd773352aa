import { FieldPath } from 'firebase-admin/firestore';
import type { QueryDocumentSnapshot } from 'firebase-admin/firestore';
import { untyped } from '../../data/untyped.ts';
import type { TaskContext } from './task.ts';

/**
 * Walks a whole top-level collection in document-id order, a page at a time, resuming after the
 * id in the cursor. `handle` gets each page's documents (with `fields` only) and must be idempotent:
 * a retried or resumed page is handled again.
 */
export async function forEachPage(
  context: TaskContext,
  collection: string,
  fields: readonly string[],
  handle: (docs: readonly QueryDocumentSnapshot[]) => Promise<void>,
): Promise<boolean> {
  let after = typeof context.cursor?.after === 'string' ? context.cursor.after : undefined;
  for (;;) {
    if (!context.canRunPage()) return false;
    const page = await context.page(
      async () => {
        let query = untyped
          .collection(collection)
          .orderBy(FieldPath.documentId())
          .limit(context.pageSize)
          .select(...fields);
        if (after !== undefined) query = query.startAfter(after);
        const snapshot = await query.get();
        await handle(snapshot.docs);
        return snapshot.docs;
      },
      (docs) => {
        const last = docs.at(-1)?.id;
        return docs.length < context.pageSize || last === undefined ? null : { after: last };
      },
    );
    if (page.length < context.pageSize) return true;
    after = page.at(-1)?.id;
  }
}
