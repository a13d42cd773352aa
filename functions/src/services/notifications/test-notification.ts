import { db } from '../../admin.ts';
import { consumeRateLimitsInTransaction, globalLimit } from '../limits/rate-limits.ts';
import { deliver } from './delivery.ts';
import type { FanOutContext } from './fan-out.ts';
import { pickLanguage, wordsFor } from './localisation.ts';
import { buildMessage, deepLink, webLink } from './message.ts';
import { activeTokensOf } from './tokens.ts';
import { collections } from '../../data/collections.ts';

export interface TestNotificationReport {
  readonly sent: number;
  readonly failed: number;
  readonly pruned: number;
}

/**
 * Pushes a test message to every current token of the user, with the same retries and pruning as
 * real notifications, and no inbox entry. Limited to 5 a minute: it costs FCM sends.
 */
export async function sendTestNotification(
  uid: string,
  context: FanOutContext,
  globalPerMinute: number,
): Promise<TestNotificationReport> {
  // Both windows counted in one transaction before anything is sent.
  const message = 'Too many test notifications. Try again in a minute.';
  await db().runTransaction(async (transaction) => {
    const user = { key: `test-notification:${uid}`, limit: 5, windowMs: 60_000 };
    const global = globalLimit('sendTestNotification', uid, globalPerMinute);
    await consumeRateLimitsInTransaction(transaction, [user, global], context.now, message);
  });
  const profile = (await collections.users().doc(uid).get()).data();
  const tokens = await activeTokensOf(uid, context.now);
  const notificationId = `test-${uid}-${String(context.now.getTime())}`;
  const envelope = {
    notificationId,
    kind: 'test' as const,
    deviceId: null,
    alertId: null,
    critical: false,
    quiet: false,
    link: deepLink(null, null),
    webLink: webLink(context.appUrl, null, null),
  };
  const report = await deliver(
    tokens.map((token) => {
      const language = pickLanguage(token.locale, profile?.locale);
      const units = profile?.units ?? 'metric';
      const words = wordsFor({ kind: 'test' }, { deviceName: '', language, units });
      return {
        message: buildMessage(envelope, words, token.token, language),
        meta: { token, entryKey: notificationId },
      };
    }),
    { transport: context.transport, policy: context.policy },
  );
  return { sent: report.sent, failed: report.failed, pruned: report.pruned };
}
