// registerPushToken, unregisterPushToken and sendTestNotification: storage by hash, refresh, a
// phone changing hands, the limit per user, idempotent removal, and every refusal changing nothing.
import { describe, expect, it } from 'vitest';
import type { Timestamp } from 'firebase-admin/firestore';
import {
  RegisterPushTokenResponseSchema,
  SendTestNotificationResponseSchema,
  UnregisterPushTokenResponseSchema,
} from '@gadget/shared';
import { refusal } from '../helpers/devices.ts';
import { startProductCloud, sharedCloud } from '../helpers/product-cloud.ts';
import {
  PUSH_ENV,
  pushed,
  seedProfile,
  seedTokens,
  tokenCount,
  tokenHash,
} from './push-fixtures.ts';

const cloud = sharedCloud(() => startProductCloud({ functionsEnv: PUSH_ENV }));

const register = async (uid: string, data: Record<string, unknown>) =>
  RegisterPushTokenResponseSchema.parse(await cloud.call('registerPushToken', data, { uid }));

async function tokenDoc(uid: string, token: string) {
  return (await cloud.firestore.doc(`users/${uid}/pushTokens/${tokenHash(token)}`).get()).data();
}

describe('registerPushToken', () => {
  it('stores the token under its hash, and a re-registration refreshes it', async () => {
    expect(
      await register('alice', {
        token: 'tok-1',
        platform: 'ios',
        appVersion: '2.1.0',
        locale: 'de-de',
      }),
    ).toEqual({
      moved: false,
      evicted: 0,
    });
    const first = await tokenDoc('alice', 'tok-1');
    expect(first).toMatchObject({
      token: 'tok-1',
      tokenHash: tokenHash('tok-1'),
      platform: 'ios',
      appVersion: '2.1.0',
      locale: 'de-DE',
    });
    await register('alice', { token: 'tok-1', platform: 'ios' });
    const second = await tokenDoc('alice', 'tok-1');
    const millis = (doc: Record<string, unknown> | undefined, field: string) =>
      (doc?.[field] as Timestamp).toMillis();
    expect(millis(second, 'updatedAt')).toBeGreaterThan(millis(first, 'updatedAt'));
    expect(millis(second, 'createdAt')).toBe(millis(first, 'createdAt'));
    expect(second).toMatchObject({ appVersion: '2.1.0', locale: 'de-DE' });
    expect(await tokenCount(cloud, 'alice')).toBe(1);
  });

  it('moves a token registered by another user to the caller', async () => {
    await register('alice', { token: 'shared-phone', platform: 'android' });
    expect(await register('bob', { token: 'shared-phone', platform: 'android' })).toEqual({
      moved: true,
      evicted: 0,
    });
    expect(await tokenDoc('alice', 'shared-phone')).toBeUndefined();
    expect(await tokenDoc('bob', 'shared-phone')).toMatchObject({ token: 'shared-phone' });
  });

  it('keeps at most 20 tokens per user, removing the oldest', async () => {
    await seedTokens(cloud, 'alice', 19, { updatedAt: new Date(Date.now() - 60_000) });
    const oldest = 'alice-oldest';
    await cloud.firestore.doc(`users/alice/pushTokens/${tokenHash(oldest)}`).set({
      token: oldest,
      tokenHash: tokenHash(oldest),
      platform: 'web',
      appVersion: null,
      locale: null,
      createdAt: new Date(0),
      updatedAt: new Date(Date.now() - 3_600_000),
    });
    expect(await register('alice', { token: 'newest', platform: 'web' })).toEqual({
      moved: false,
      evicted: 1,
    });
    expect(await tokenCount(cloud, 'alice')).toBe(20);
    expect(await tokenDoc('alice', oldest)).toBeUndefined();
  });

  it('refuses malformed, unknown, oversized and anonymous requests, storing nothing', async () => {
    const cases: [unknown, string | undefined][] = [
      [{ token: 42, platform: 'ios' }, 'alice'],
      [{ token: 'x', platform: 'symbian' }, 'alice'],
      [{ token: 'x', platform: 'ios', extra: true }, 'alice'],
      [{ token: 'x'.repeat(4097), platform: 'ios' }, 'alice'],
      [{ token: 'x', platform: 'ios', locale: 'not a locale!' }, 'alice'],
      [{ token: '', platform: 'ios' }, 'alice'],
    ];
    for (const [data, uid] of cases) {
      expect((await refusal(cloud.call('registerPushToken', data, { uid }))).code).toBe(
        'invalid-argument',
      );
    }
    expect(
      (await refusal(cloud.call('registerPushToken', { token: 'x', platform: 'ios' }))).code,
    ).toBe('unauthenticated');
    expect(await tokenCount(cloud, 'alice')).toBe(0);
  });
});

describe('unregisterPushToken', () => {
  it('removes the caller’s token, idempotently, and never another user’s', async () => {
    await register('alice', { token: 'tok-a', platform: 'ios' });
    await register('bob', { token: 'tok-b', platform: 'ios' });
    const unregister = async (uid: string, token: string) =>
      UnregisterPushTokenResponseSchema.parse(
        await cloud.call('unregisterPushToken', { token }, { uid }),
      );
    expect(await unregister('alice', 'tok-a')).toEqual({ removed: true });
    expect(await unregister('alice', 'tok-a')).toEqual({ removed: false });
    cloud.resetOps();
    expect(await unregister('alice', 'tok-b')).toEqual({ removed: false });
    expect(cloud.ops().writes + cloud.ops().deletes).toBe(0);
    expect(await tokenDoc('bob', 'tok-b')).toBeDefined();
    expect((await refusal(cloud.call('unregisterPushToken', { token: 'tok-b' }))).code).toBe(
      'unauthenticated',
    );
    expect(
      (
        await refusal(
          cloud.call('unregisterPushToken', { token: 'tok-b', uid: 'bob' }, { uid: 'alice' }),
        )
      ).code,
    ).toBe('invalid-argument');
    expect(await tokenDoc('bob', 'tok-b')).toBeDefined();
  });
});

describe('sendTestNotification', () => {
  it('sends to the caller’s tokens only and reports sent, failed and pruned', async () => {
    await seedProfile(cloud, 'alice', { locale: 'de' });
    const [good, dead, flaky] = (await seedTokens(cloud, 'alice', 3)) as [string, string, string];
    await seedTokens(cloud, 'bob', 2);
    cloud.outbox.scriptFailure({ token: dead, code: 'registration-token-not-registered' });
    cloud.outbox.scriptFailure({ token: flaky, code: 'internal' });
    const report = SendTestNotificationResponseSchema.parse(
      await cloud.call('sendTestNotification', {}, { uid: 'alice' }),
    );
    expect(report).toEqual({ sent: 1, failed: 2, pruned: 1 });
    expect(cloud.outbox.delivered().map((m) => m.token)).toEqual([good]);
    expect(pushed(cloud)[0]?.notification?.title).toBe('Testbenachrichtigung');
    // The transient one was tried 3 times; nothing went to bob.
    expect(cloud.outbox.messages.filter((m) => m.message.token === flaky)).toHaveLength(3);
    expect(await tokenCount(cloud, 'alice')).toBe(2);
    expect(await tokenCount(cloud, 'bob')).toBe(2);
    const entries = await cloud.firestore.collection('users/alice/notifications').get();
    expect(entries.size).toBe(0);
  });

  it('refuses extra fields and anonymous callers, sending nothing', async () => {
    await seedTokens(cloud, 'alice', 1);
    expect(
      (await refusal(cloud.call('sendTestNotification', { uid: 'bob' }, { uid: 'alice' }))).code,
    ).toBe('invalid-argument');
    expect((await refusal(cloud.call('sendTestNotification', {}))).code).toBe('unauthenticated');
    expect(cloud.outbox.messages).toHaveLength(0);
  });

  it('limits test notifications to 5 a minute', async () => {
    await seedTokens(cloud, 'alice', 1);
    for (let i = 0; i < 5; i++) await cloud.call('sendTestNotification', {}, { uid: 'alice' });
    expect((await refusal(cloud.call('sendTestNotification', {}, { uid: 'alice' }))).code).toBe(
      'resource-exhausted',
    );
    expect(cloud.outbox.messages).toHaveLength(5);
  });
});
