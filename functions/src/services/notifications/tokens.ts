import { createHash } from 'node:crypto';
import { Timestamp } from 'firebase-admin/firestore';
import type { DocumentReference, QueryDocumentSnapshot } from 'firebase-admin/firestore';
import { LIMITS, PUSH_TOKEN_STALE_AFTER_MS } from '@gadget/shared';
import type { PushPlatform, PushTokenDoc } from '@gadget/shared';
import { db } from '../../admin.ts';
import { collections } from '../../data/collections.ts';
import { writeUnlessChanged } from '../../data/unless-changed.ts';

/** Token documents are keyed by this, so the token itself never appears in a path or a log. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface Registration {
  readonly token: string;
  readonly platform: PushPlatform;
  readonly appVersion?: string | undefined;
  readonly locale?: string | undefined;
}

export interface RegistrationResult {
  readonly moved: boolean;
  readonly evicted: number;
}

/**
 * Stores or refreshes the caller's token in one transaction: the same token under any other user
 * is deleted (the phone changed hands; the previous user must not get this user's pushes), and the
 * caller's oldest tokens beyond the limit go.
 */
export async function registerPushToken(
  uid: string,
  registration: Registration,
  now: Date = new Date(),
): Promise<RegistrationResult> {
  const tokenHash = hashToken(registration.token);
  const own = collections.pushTokens(uid);
  const ref = own.doc(tokenHash);
  return db().runTransaction(async (transaction) => {
    const holders = await transaction.get(
      collections.allPushTokens().where('tokenHash', '==', tokenHash),
    );
    const existing = await transaction.get(ref);
    const mine = await transaction.get(own.orderBy('updatedAt', 'asc').select('updatedAt'));

    const elsewhere = holders.docs.filter((doc) => !doc.ref.isEqual(ref));
    for (const doc of elsewhere) transaction.delete(doc.ref);

    const others = mine.docs.filter((doc) => doc.id !== tokenHash);
    const excess = Math.max(0, others.length + 1 - LIMITS.pushTokensPerUser);
    for (const doc of others.slice(0, excess)) transaction.delete(doc.ref);

    const previous = existing.data();
    const doc: PushTokenDoc = {
      token: registration.token,
      tokenHash,
      platform: registration.platform,
      appVersion: registration.appVersion ?? previous?.appVersion ?? null,
      locale: registration.locale ?? previous?.locale ?? null,
      createdAt: previous?.createdAt ?? now,
      updatedAt: now,
    };
    transaction.set(ref, doc);
    return { moved: elsewhere.length > 0, evicted: excess };
  });
}

/** Deletes the caller's token, if it is still theirs. */
export async function unregisterPushToken(uid: string, token: string): Promise<boolean> {
  const ref = collections.pushTokens(uid).doc(hashToken(token));
  return db().runTransaction(async (transaction) => {
    const snapshot = await transaction.get(ref);
    if (!snapshot.exists) return false;
    transaction.delete(ref);
    return true;
  });
}

/** A token as the fan-out uses it, with what is needed to delete it only if unchanged since. */
export interface ActiveToken {
  readonly uid: string;
  readonly hash: string;
  readonly token: string;
  readonly platform: PushPlatform;
  readonly locale: string | null;
  readonly ref: DocumentReference;
  readonly updateTime: Timestamp;
}

/** The user's tokens refreshed within the last 60 days; stale ones are never sent to. */
export async function activeTokensOf(uid: string, now: Date): Promise<ActiveToken[]> {
  const cutoff = new Date(now.getTime() - PUSH_TOKEN_STALE_AFTER_MS);
  const snapshot = await collections
    .pushTokens(uid)
    .where('updatedAt', '>=', Timestamp.fromDate(cutoff))
    .limit(LIMITS.pushTokensPerUser)
    .get();
  return snapshot.docs.map((doc) => toActiveToken(uid, doc));
}

function toActiveToken(uid: string, doc: QueryDocumentSnapshot<PushTokenDoc>): ActiveToken {
  const data = doc.data();
  return {
    uid,
    hash: doc.id,
    token: data.token,
    platform: data.platform,
    locale: data.locale,
    ref: doc.ref,
    updateTime: doc.updateTime,
  };
}

/**
 * Deletes tokens FCM reported dead. Each delete is conditional on the document being unchanged
 * since it was read, so a token the app re-registered (or that moved) meanwhile survives.
 */
export async function deleteTokens(
  tokens: readonly Pick<ActiveToken, 'ref' | 'updateTime'>[],
): Promise<number> {
  const { written } = await writeUnlessChanged(tokens, (writer, token) =>
    writer.delete(token.ref, { lastUpdateTime: token.updateTime }),
  );
  return written.length;
}

/** For the nightly job: deletes every token not refreshed for 60 days, in pages. */
export async function deleteStaleTokens(now: Date, pageSize = 500): Promise<number> {
  const cutoff = Timestamp.fromDate(new Date(now.getTime() - PUSH_TOKEN_STALE_AFTER_MS));
  let deleted = 0;
  for (;;) {
    const page = await collections
      .allPushTokens()
      .where('updatedAt', '<', cutoff)
      .limit(pageSize)
      .get();
    const deletedNow = await deleteTokens(
      page.docs.map((doc) => ({ ref: doc.ref, updateTime: doc.updateTime })),
    );
    deleted += deletedNow;
    // A page that deleted nothing was refreshed meanwhile; the next night sees the rest.
    if (page.size < pageSize || deletedNow === 0) return deleted;
  }
}
