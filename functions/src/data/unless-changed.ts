import type { BulkWriter } from 'firebase-admin/firestore';
import { db } from '../admin.ts';

/** gRPC FAILED_PRECONDITION: the document changed after it was read (its update time moved). */
const FAILED_PRECONDITION = 9;
/** Attempts in all for a write that failed for any other reason. */
const MAX_ATTEMPTS = 3;

/** Whether a write failed because its document changed since it was read. */
export function changedSinceRead(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === FAILED_PRECONDITION;
}

/** The BulkWriter's retry rule: never a write whose document changed, others up to 3 attempts. */
export function retryWrite(error: { code: unknown; failedAttempts: number }): boolean {
  return !changedSinceRead(error) && error.failedAttempts < MAX_ATTEMPTS;
}

/**
 * Writes each item through one BulkWriter, `write` giving each a precondition on the update time
 * it was read at. An item whose document changed since is skipped: the change wins. Any other
 * failure is retried, then thrown. Answers which items were written and which skipped.
 */
export async function writeUnlessChanged<T>(
  items: readonly T[],
  write: (writer: BulkWriter, item: T) => Promise<unknown>,
): Promise<{ written: T[]; skipped: T[] }> {
  const written: T[] = [];
  const skipped: T[] = [];
  if (items.length === 0) return { written, skipped };
  const writer = db().bulkWriter();
  writer.onWriteError((error) =>
    retryWrite({ code: error.code, failedAttempts: error.failedAttempts }),
  );
  const writes = items.map(async (item) => {
    try {
      await write(writer, item);
      written.push(item);
    } catch (error) {
      if (!changedSinceRead(error)) throw error;
      skipped.push(item);
    }
  });
  // The writer sends its batches on close; the writes settle after it.
  await writer.close();
  await Promise.all(writes);
  return { written, skipped };
}
