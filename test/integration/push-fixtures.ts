// Documents the push tests start from, written straight to Firestore: faster than the callables,
// and enough to test fan-out, which only reads them.
import { createHash } from 'node:crypto';
import type { TestCloud } from '@gadget/local-cloud/testing';
import { DEFAULT_PROFILE_SETTINGS } from '@gadget/shared';
import type { UserProfile } from '@gadget/shared';
import type { TokenMessage } from '../../functions/src/push/index.ts';
import { alertWith } from '../../functions/src/test-fixtures/alert.ts';

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** How a member's uid appears in notification ids. */
export function memberKey(uid: string): string {
  return tokenHash(uid).slice(0, 16);
}

export async function seedProfile(
  cloud: TestCloud,
  uid: string,
  settings: Partial<
    Pick<UserProfile, 'locale' | 'timeZone' | 'units' | 'quietHours' | 'displayName'>
  > & {
    prefs?: Partial<UserProfile['notificationPrefs']>;
  } = {},
): Promise<void> {
  const { prefs, ...rest } = settings;
  await cloud.firestore.doc(`users/${uid}`).set({
    displayName: null,
    email: null,
    ...DEFAULT_PROFILE_SETTINGS,
    notificationPrefs: { ...DEFAULT_PROFILE_SETTINGS.notificationPrefs, ...prefs },
    awaitingAppSettings: false,
    createdAt: new Date(),
    ...rest,
  });
}

/** Writes `count` tokens for the user with a BulkWriter; returns the tokens. */
export async function seedTokens(
  cloud: TestCloud,
  uid: string,
  count: number,
  options: { prefix?: string; locale?: string | null; updatedAt?: Date } = {},
): Promise<string[]> {
  const tokens = Array.from(
    { length: count },
    (_, i) => `${options.prefix ?? uid}-token-${String(i)}`,
  );
  const writer = cloud.firestore.bulkWriter();
  const now = options.updatedAt ?? new Date();
  for (const token of tokens) {
    void writer.set(cloud.firestore.doc(`users/${uid}/pushTokens/${tokenHash(token)}`), {
      token,
      tokenHash: tokenHash(token),
      platform: 'android',
      appVersion: null,
      locale: options.locale ?? null,
      createdAt: now,
      updatedAt: now,
    });
  }
  await writer.close();
  return tokens;
}

/** A device with `members` (the owner first), written directly. */
export async function seedDevice(
  cloud: TestCloud,
  deviceId: string,
  members: readonly string[],
  options: { name?: string; muted?: boolean } = {},
): Promise<void> {
  const [owner = 'owner'] = members;
  let joined = Date.now() - 60_000;
  await cloud.firestore.doc(`devices/${deviceId}`).set({
    model: 'thermo-1',
    name: options.name ?? 'Cellar',
    ownerUid: owner,
    members: Object.fromEntries(members.map((uid) => [uid, uid === owner ? 'owner' : 'viewer'])),
    memberUids: [...members],
    memberSince: Object.fromEntries(members.map((uid) => [uid, new Date(++joined)])),
    thresholds: { temperature: { max: 30 } },
    muted: options.muted ?? false,
    status: { online: true, lastSeenAt: new Date(), battery: 80, firmware: null },
    latest: null,
    createdAt: new Date(),
  });
}

/** An active alert (a warning at 31.5 over 30), opened now, with `fields` on top. */
export function alertFields(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...alertWith({ openedAt: new Date(), value: 31.5 }), ...fields };
}

/** Writes an alert document (as telemetry would) and waits for the triggers. */
export async function writeAlert(
  cloud: TestCloud,
  deviceId: string,
  alertId: string,
  fields: Record<string, unknown> = {},
): Promise<void> {
  await cloud.firestore.doc(`devices/${deviceId}/alerts/${alertId}`).set(alertFields(fields));
  await cloud.idle();
}

export async function inbox(
  cloud: TestCloud,
  uid: string,
): Promise<Record<string, Record<string, unknown>>> {
  const snapshot = await cloud.firestore.collection(`users/${uid}/notifications`).get();
  return Object.fromEntries(snapshot.docs.map((doc) => [doc.id, doc.data()]));
}

export async function tokenCount(cloud: TestCloud, uid: string): Promise<number> {
  return (await cloud.firestore.collection(`users/${uid}/pushTokens`).count().get()).data().count;
}

/** Tokens of successful deliveries, sorted. */
export function deliveredTokens(cloud: TestCloud): string[] {
  return cloud.outbox
    .delivered()
    .map((message) => message.token)
    .sort();
}

/** A product cloud with fast push retries. */
export const PUSH_ENV = { PUSH_RETRY_BASE_MS: '5' };

/** Successful deliveries as the FCM messages the functions built. */
export function pushed(cloud: TestCloud): TokenMessage[] {
  return cloud.outbox.delivered();
}
