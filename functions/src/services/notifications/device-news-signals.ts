import type { DocumentData } from 'firebase-admin/firestore';

/**
 * Whether a device write can carry news at all (`deviceNewsOf`): both sides exist and the last
 * transition or the member set changed. Read from the raw documents, so the many device writes
 * that carry neither (every reading, every setting) end the trigger without parsing the device.
 * A necessary condition only: `deviceNewsOf` decides; keep the two in step
 * (device-news-signals.test.ts checks every case of news passes here).
 */
export function mayCarryNews(
  before: DocumentData | undefined,
  after: DocumentData | undefined,
): boolean {
  if (before === undefined || after === undefined) return false;
  if (transitionSeq(before) !== transitionSeq(after)) return true;
  return memberSet(before) !== memberSet(after);
}

function transitionSeq(device: DocumentData): unknown {
  const transition: unknown = device.lastTransition;
  return typeof transition === 'object' && transition !== null
    ? (transition as { seq?: unknown }).seq
    : undefined;
}

function memberSet(device: DocumentData): string {
  const members: unknown = device.members;
  if (typeof members !== 'object' || members === null) return '';
  return Object.keys(members).sort().join('\u0000');
}
