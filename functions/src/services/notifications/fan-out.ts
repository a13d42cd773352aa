import type { DocumentReference, DocumentSnapshot } from 'firebase-admin/firestore';
import type { NotificationKind, PushSkipReason, UserProfile } from '@gadget/shared';
import { db } from '../../admin.ts';
import { APP_URL, PUSH_RETRY_BASE_MS } from '../../config.ts';
import { pushTransport } from '../../push/index.ts';
import type { PushTransport } from '../../push/index.ts';
import type { NotificationContent, Words } from './localisation.ts';
import { deliver, PushQuotaExceededError } from './delivery.ts';
import type { Target } from './delivery.ts';
import { chunkUpdate, ensureEntries } from './inbox.ts';
import type { EntryState, NewEntry } from './inbox.ts';
import { pickLanguage, wordsFor } from './localisation.ts';
import type { Language } from './localisation.ts';
import { buildMessage, deepLink, webLink } from './message.ts';
import type { Envelope } from './message.ts';
import { skipReasonFor } from './recipients.ts';
import { DEFAULT_RETRY_POLICY } from './sender.ts';
import type { Outgoing, RetryPolicy } from './sender.ts';
import { activeTokensOf } from './tokens.ts';
import { batchesOf } from '../../data/batches.ts';
import { collections } from '../../data/collections.ts';

/** Something to tell people about; everything here is the same for every recipient. */
export interface Notification {
  /** Deterministic: derived from the event, so a redelivery finds the same inbox entries. */
  readonly id: string;
  readonly content: Exclude<NotificationContent, { kind: 'test' }>;
  readonly device: { readonly id: string; readonly name: string; readonly muted: boolean } | null;
  readonly alertId: string | null;
  readonly critical: boolean;
  /** A quieter message (back to normal): no sound, normal priority. */
  readonly quiet: boolean;
  /** The status throttle held this one back: inbox only, for everyone. */
  readonly throttled: boolean;
  /** When it happened: quiet hours are judged at this instant. */
  readonly at: Date;
  /** Written to the inbox and never pushed: good news nobody needs to be woken for. */
  readonly inboxOnly?: boolean;
}

export interface FanOutContext {
  readonly transport: PushTransport;
  readonly policy: RetryPolicy;
  /** The web app's https origin, for web push links. */
  readonly appUrl: string;
  readonly now: Date;
}

export interface FanOutReport {
  readonly recipients: number;
  readonly skipped: Readonly<Partial<Record<PushSkipReason, number>>>;
  readonly sent: number;
  readonly failed: number;
  readonly pruned: number;
}

/**
 * Writes the notification to each person's inbox and pushes it to their phones, once per token
 * however often it is called: each entry records the tokens that got it, and only entries still
 * `pending` are sent. Users without a profile (deleted accounts) are left out. Throws
 * `PushQuotaExceededError` after recording progress when FCM is over quota, for the caller's retry.
 *
 * The service reminders (and any other feature) call to notify people.
 */
export async function notifyUsers(
  uids: readonly string[],
  notification: Notification,
  context: FanOutContext,
): Promise<FanOutReport> {
  const kind: NotificationKind = notification.content.kind;
  const profiles = await profilesOf([...new Set(uids)]);
  const deviceName = notification.device?.name ?? '';
  const wording = (profile: UserProfile, language: Language): Words =>
    wordsFor(notification.content, { deviceName, language, units: profile.units });

  const entries: NewEntry[] = [...profiles].map(([uid, profile]) => {
    const skipped =
      notification.inboxOnly === true
        ? 'inbox-only'
        : skipReasonFor(profile, {
            kind,
            critical: notification.critical,
            muted: notification.device?.muted ?? false,
            throttled: notification.throttled,
            at: notification.at,
          });
    return {
      uid,
      entry: {
        kind,
        ...wording(profile, pickLanguage(profile.locale)),
        deviceId: notification.device?.id ?? null,
        alertId: notification.alertId,
        link: deepLink(notification.device?.id ?? null, notification.alertId),
      },
      push: { status: skipped === null ? 'pending' : 'skipped', skipped },
    };
  });
  const states = await ensureEntries(notification.id, entries, context.now);
  const skipped: Partial<Record<PushSkipReason, number>> = {};
  for (const entry of entries) {
    if (entry.push.skipped !== null)
      skipped[entry.push.skipped] = (skipped[entry.push.skipped] ?? 0) + 1;
  }

  const pending = states.filter((state) => state.status === 'pending');
  const envelope: Envelope = {
    notificationId: notification.id,
    kind,
    deviceId: notification.device?.id ?? null,
    alertId: notification.alertId,
    critical: notification.critical,
    quiet: notification.quiet,
    link: deepLink(notification.device?.id ?? null, notification.alertId),
    webLink: webLink(context.appUrl, notification.device?.id ?? null, notification.alertId),
  };
  const { outgoing, tokenCounts } = await messagesFor(
    pending,
    profiles,
    envelope,
    wording,
    context.now,
  );

  const sentNow = new Map<string, number>();
  const report = await deliver(outgoing, {
    transport: context.transport,
    policy: context.policy,
    succeededBefore: (uid) =>
      (states.find((state) => state.uid === uid)?.sentTokens.length ?? 0) > 0,
    afterChunk: async (outcome) => {
      const sent = groupHashes(outcome.sent.map((item) => item.meta));
      const failed = groupHashes(outcome.failed.map((item) => item.outgoing.meta));
      const batch = db().batch();
      for (const uid of new Set([...sent.keys(), ...failed.keys()])) {
        const sentHashes = sent.get(uid) ?? [];
        sentNow.set(uid, (sentNow.get(uid) ?? 0) + sentHashes.length);
        batch.update(
          collections.notifications(uid).doc(notification.id),
          chunkUpdate(sentHashes, failed.get(uid) ?? [], context.now),
        );
      }
      await batch.commit();
    },
  });
  if (report.quotaExceeded) throw new PushQuotaExceededError(notification.id);

  await finish(notification.id, pending, tokenCounts, sentNow, context.now);
  for (const state of pending) {
    if ((tokenCounts.get(state.uid) ?? 0) === 0 && state.sentTokens.length === 0)
      skipped['no-tokens'] = (skipped['no-tokens'] ?? 0) + 1;
  }
  return {
    recipients: profiles.size,
    skipped,
    sent: report.sent,
    failed: report.failed,
    pruned: report.pruned,
  };
}

async function profilesOf(uids: readonly string[]): Promise<Map<string, UserProfile>> {
  const profiles = new Map<string, UserProfile>();
  if (uids.length === 0) return profiles;
  const refs: DocumentReference<UserProfile>[] = uids.map((uid) => collections.users().doc(uid));
  // Firestore#getAll loses the converter's type; a transaction's keeps it.
  const snapshots: DocumentSnapshot<UserProfile>[] = await db().runTransaction(
    (transaction) => transaction.getAll(...refs),
    { readOnly: true },
  );
  for (const snapshot of snapshots) {
    const profile = snapshot.data();
    if (profile !== undefined) profiles.set(snapshot.id, profile);
  }
  return profiles;
}

/** One message per current token not yet sent to, in the token's language, else the profile's. */
async function messagesFor(
  pending: readonly EntryState[],
  profiles: ReadonlyMap<string, UserProfile>,
  envelope: Envelope,
  wording: (profile: UserProfile, language: Language) => Words,
  now: Date,
): Promise<{ outgoing: Outgoing<Target>[]; tokenCounts: Map<string, number> }> {
  const tokenCounts = new Map<string, number>();
  const perUser = await Promise.all(
    pending.map(async (state) => {
      const profile = profiles.get(state.uid);
      if (profile === undefined) return [];
      const tokens = await activeTokensOf(state.uid, now);
      tokenCounts.set(state.uid, tokens.length);
      const done = new Set(state.sentTokens);
      return tokens
        .filter((token) => !done.has(token.hash))
        .map((token): Outgoing<Target> => {
          const language = pickLanguage(token.locale, profile.locale);
          return {
            message: buildMessage(envelope, wording(profile, language), token.token, language),
            meta: { token, entryKey: state.uid },
          };
        });
    }),
  );
  return { outgoing: perUser.flat(), tokenCounts };
}

function groupHashes(targets: readonly Target[]): Map<string, string[]> {
  const grouped = new Map<string, string[]>();
  for (const target of targets) {
    grouped.set(target.entryKey, [...(grouped.get(target.entryKey) ?? []), target.token.hash]);
  }
  return grouped;
}

/** Settles each pending entry: sent, failed, or skipped because the person has no phone. */
async function finish(
  notificationId: string,
  pending: readonly EntryState[],
  tokenCounts: ReadonlyMap<string, number>,
  sentNow: ReadonlyMap<string, number>,
  now: Date,
): Promise<void> {
  for (const states of batchesOf(pending)) {
    const batch = db().batch();
    for (const state of states) {
      const sent = state.sentTokens.length + (sentNow.get(state.uid) ?? 0);
      const noTokens = (tokenCounts.get(state.uid) ?? 0) === 0 && sent === 0;
      batch.update(collections.notifications(state.uid).doc(notificationId), {
        'push.status': noTokens ? 'skipped' : sent > 0 ? 'sent' : 'failed',
        'push.skipped': noTokens ? 'no-tokens' : null,
        'push.updatedAt': now,
      });
    }
    await batch.commit();
  }
}

/** What a fan-out needs from the deployment, read per invocation (params resolve at run time). */
export function fanOutContext(now: Date = new Date()): FanOutContext {
  return {
    transport: pushTransport(),
    policy: { ...DEFAULT_RETRY_POLICY, baseDelayMs: PUSH_RETRY_BASE_MS.value() },
    appUrl: APP_URL.value(),
    now,
  };
}
