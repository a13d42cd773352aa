import { timestampsToDates } from '../../admin.ts';
import type { DocumentSnapshot } from 'firebase-admin/firestore';
import type { z } from 'zod';

/** Events older than this are dropped: a push hours late is worse than none. */
export const MAX_EVENT_AGE_MS = 60 * 60 * 1000;

export function isTooOld(eventTime: string, now: Date): boolean {
  const at = Date.parse(eventTime);
  return !Number.isNaN(at) && now.getTime() - at > MAX_EVENT_AGE_MS;
}

/** When the event happened (its CloudEvent time), else now. */
export function eventDate(eventTime: string, now: Date): Date {
  const at = Date.parse(eventTime);
  return Number.isNaN(at) ? now : new Date(at);
}

/**
 * A trigger's before/after document as its schema's type, or undefined when it does not exist or
 * does not fit (retrying could never make it fit, so the trigger must not fail on it).
 */
export function snapshotAs<S extends z.ZodType>(
  schema: S,
  snapshot: DocumentSnapshot | undefined,
): z.output<S> | undefined {
  if (snapshot?.exists !== true) return undefined;
  const parsed = schema.safeParse(timestampsToDates(snapshot.data()));
  return parsed.success ? parsed.data : undefined;
}
