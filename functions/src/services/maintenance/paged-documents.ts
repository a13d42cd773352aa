import { FieldPath } from 'firebase-admin/firestore';
import type { Query, QueryDocumentSnapshot } from 'firebase-admin/firestore';
import { untyped } from '../../data/untyped.ts';
import type { Cursor, TaskContext } from './task.ts';

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

/**
 * Walks `query` (ordered and selected by the caller) a page at a time, for a task whose handled
 * documents stop matching (deleted, moved): a run that stops resumes from the first match, so the
 * saved cursor (`cursorAfter`, given the page's size) needs no position. Within a run each page
 * starts after the previous one's last document: a dry run, which changes nothing, pages on, and a
 * document a page could not change is not met again. With `everyHandledGoes` (every document a
 * page handles is gone after it, or the page fails), a run that changes things starts each page
 * from the first match instead, a query without a cursor.
 */
export async function drainPages(
  context: TaskContext,
  query: Query,
  handle: (docs: readonly QueryDocumentSnapshot[]) => Promise<void>,
  options: {
    readonly cursorAfter: (pageSize: number) => Cursor | null;
    readonly everyHandledGoes?: boolean;
  },
): Promise<boolean> {
  const pageOn = context.dryRun || options.everyHandledGoes !== true;
  let after: QueryDocumentSnapshot | undefined;
  for (;;) {
    if (!context.canRunPage()) return false;
    const size = await context.page(async () => {
      const paged = query.limit(context.pageSize);
      const page = await (after === undefined ? paged : paged.startAfter(after)).get();
      await handle(page.docs);
      // Only once handled: a page that failed is retried from where it began.
      if (pageOn) after = page.docs.at(-1);
      return page.size;
    }, options.cursorAfter);
    if (size < context.pageSize) return true;
  }
}
