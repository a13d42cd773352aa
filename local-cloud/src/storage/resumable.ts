import type { IncomingMessage, ServerResponse } from 'node:http';
import { commitUpload, type StorageContext } from './context.ts';
import { invalid, StorageApiError } from './errors.ts';
import type { ObjectRecord } from './types.ts';
import type { UploadSession } from './uploads.ts';

/**
 * Appends one request's bytes to a session starting at `offset`. A range the session already
 * holds is skipped, as production does for a retried chunk; a gap is refused.
 */
export async function appendChunk(
  session: UploadSession,
  req: IncomingMessage,
  offset: number,
): Promise<void> {
  const { writer } = session;
  if (offset > writer.size) {
    throw invalid(`Upload starts at ${offset} but only ${writer.size} bytes were received.`);
  }
  if (session.busy) {
    throw new StorageApiError(409, 'conflict', 'Another request is writing to this upload.');
  }
  session.busy = true;
  const checkpoint = writer.checkpoint();
  try {
    await writer.append(req as AsyncIterable<Buffer>, writer.size - offset);
  } catch (error) {
    await writer.rollback(checkpoint);
    throw error;
  } finally {
    session.busy = false;
  }
  if (session.declaredSize !== undefined && writer.size > session.declaredSize) {
    throw invalid(`Upload is larger than the announced ${session.declaredSize} bytes.`);
  }
}

/**
 * Commits a session; a failed commit (412, a rules denial, ...) ends the session as production
 * does, so a denied upload leaves nothing behind that a later request could finalize.
 */
export async function finalizeSession(
  ctx: StorageContext,
  res: ServerResponse,
  session: UploadSession,
  expectedSize?: number,
): Promise<ObjectRecord> {
  if (session.result) return session.result;
  const size = session.writer.size;
  const expected = expectedSize ?? session.declaredSize;
  if (expected !== undefined && expected !== size) {
    throw invalid(`Upload has ${size} bytes but ${expected} were announced.`);
  }
  const received = await ctx.sessions.finish(session);
  try {
    session.result = await commitUpload(
      ctx,
      res,
      { bucket: session.bucket, name: session.name },
      received,
      session.fields,
      session.preconditions,
      session.check,
    );
    return session.result;
  } catch (error) {
    await ctx.sessions.cancel(session);
    throw error;
  }
}

export type ContentRange =
  | { kind: 'status'; total?: number }
  | { kind: 'data'; start: number; end?: number; total?: number };

// Forms: `bytes */*` and `bytes */N` (status), `bytes A-B/N`, `bytes A-B/*`, `bytes A-*/N`, `bytes A-*/*`.
export function parseContentRange(value: string | undefined): ContentRange | undefined {
  if (value === undefined) return undefined;
  const match = /^bytes (?:\*|(\d+)-(\d+|\*))\/(\d+|\*)$/.exec(value.trim());
  if (!match) throw invalid(`Invalid Content-Range: ${value}`);
  const [, start, end, total] = match;
  const totalNumber = total === undefined || total === '*' ? undefined : Number(total);
  const withTotal = totalNumber === undefined ? {} : { total: totalNumber };
  if (start === undefined) return { kind: 'status', ...withTotal };
  const endNumber = end === undefined || end === '*' ? {} : { end: Number(end) };
  return { kind: 'data', start: Number(start), ...endNumber, ...withTotal };
}
