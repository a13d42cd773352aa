import { FieldValue } from 'firebase-admin/firestore';
import type { DocumentReference } from 'firebase-admin/firestore';
import { NOTIFICATION_TTL_MS } from '@gadget/shared';
import type { InboxNotification, NotificationPush } from '@gadget/shared';
import { db } from '../../admin.ts';
import { collections } from '../../data/collections.ts';

/**
 * Entries per transaction. Firestore no longer caps a transaction at 500 writes (it has not since
 * March 2023), but a transaction holds every entry it read until it commits: smaller ones hold
 * fewer, and a retry redoes less.
 */
const ENTRIES_PER_TRANSACTION = 200;

export interface NewEntry {
  readonly uid: string;
  readonly entry: Omit<InboxNotification, 'createdAt' | 'readAt' | 'expireAt' | 'push'>;
  readonly push: Pick<NotificationPush, 'status' | 'skipped'>;
}

/** An entry as it is now: the push decision stored when it was first written wins. */
export interface EntryState {
  readonly uid: string;
  readonly status: NotificationPush['status'];
  readonly sentTokens: readonly string[];
}

/**
 * Writes each person's inbox entry unless it exists, and returns every entry's push state. A
 * redelivered event finds the entries of its first delivery, with what was already sent.
 */
export async function ensureEntries(
  notificationId: string,
  entries: readonly NewEntry[],
  now: Date,
): Promise<EntryState[]> {
  const states: EntryState[] = [];
  for (let i = 0; i < entries.length; i += ENTRIES_PER_TRANSACTION) {
    const slice = entries.slice(i, i + ENTRIES_PER_TRANSACTION);
    const refs = slice.map(({ uid }) => collections.notifications(uid).doc(notificationId));
    states.push(
      ...(await db().runTransaction(async (transaction) => {
        const snapshots = await transaction.getAll(...refs);
        return slice.map(({ uid, entry, push }, index): EntryState => {
          const existing = snapshots[index]?.data();
          if (existing !== undefined) {
            return { uid, status: existing.push.status, sentTokens: existing.push.sentTokens };
          }
          const stored: InboxNotification = {
            ...entry,
            createdAt: now,
            readAt: null,
            expireAt: new Date(now.getTime() + NOTIFICATION_TTL_MS),
            push: { ...push, sentTokens: [], failedTokens: [], updatedAt: now },
          };
          transaction.create(refs[index] as DocumentReference<InboxNotification>, stored);
          return { uid, status: push.status, sentTokens: [] };
        });
      })),
    );
  }
  return states;
}

/** Adds what one chunk did for one person's entry; array unions, so repeats change nothing. */
export function chunkUpdate(
  sentHashes: readonly string[],
  failedHashes: readonly string[],
  now: Date,
): Record<string, unknown> {
  return {
    ...(sentHashes.length > 0 ? { 'push.sentTokens': FieldValue.arrayUnion(...sentHashes) } : {}),
    ...(failedHashes.length > 0
      ? { 'push.failedTokens': FieldValue.arrayUnion(...failedHashes) }
      : {}),
    'push.updatedAt': now,
  };
}
