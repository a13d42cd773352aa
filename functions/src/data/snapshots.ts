import type { DocumentSnapshot } from 'firebase-admin/firestore';
import type { z } from 'zod';
import { timestampsToDates } from './converter.ts';

/**
 * A document snapshot (a trigger's before/after, or one read untyped) as its schema's type, or
 * undefined when it does not exist or does not fit (retrying could never make it fit, so a trigger
 * must not fail on it).
 */
export function snapshotAs<S extends z.ZodType>(
  schema: S,
  snapshot: DocumentSnapshot | undefined,
): z.output<S> | undefined {
  if (snapshot?.exists !== true) return undefined;
  const parsed = schema.safeParse(timestampsToDates(snapshot.data()));
  return parsed.success ? parsed.data : undefined;
}
