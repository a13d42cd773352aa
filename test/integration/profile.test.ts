// The first vertical slice on the harness: the sign-up trigger and ensureProfile, in every order,
// any number of times, and the callable's refusals leaving nothing behind.
import { describe, expect, it } from 'vitest';
import { startTestCloud } from '@gadget/local-cloud/testing';
import { EnsureProfileResponseSchema } from '@gadget/shared';
import { TOMBSTONE_DAYS } from '../../functions/src/services/accounts/account-deletion-record.ts';
import { builtProductFunctions } from '../../scripts/start/product-functions.ts';
import { namingFields } from '../helpers/field-errors.ts';
import { sharedCloud } from '../helpers/product-cloud.ts';

const cloud = sharedCloud(() => startTestCloud({ functions: builtProductFunctions() }));

async function profileCount(): Promise<number> {
  return (await cloud.firestore.collection('users').count().get()).data().count;
}

describe('onUserCreated', () => {
  it('creates the profile from the auth user with defaults', async () => {
    const { uid, email } = await cloud.signUp({ displayName: 'Grace Hopper' });
    await cloud.idle();
    const profile = (await cloud.firestore.doc(`users/${uid}`).get()).data();
    expect(profile).toMatchObject({
      displayName: 'Grace Hopper',
      email,
      locale: 'en',
      timeZone: 'UTC',
      units: 'metric',
      notificationPrefs: { alerts: true, deviceStatus: true, sharing: true, digest: true },
      quietHours: null,
    });
  });

  it('delivered twice leaves one profile with its first createdAt', async () => {
    cloud.cloud.configureDelivery({ deliverTwice: true });
    const { uid } = await cloud.signUp();
    await cloud.idle();
    const deliveries = cloud.cloud.deliveries.filter((d) => d.functionName === 'onUserCreated');
    expect(deliveries).toHaveLength(2);
    expect(deliveries[0]?.eventId).toBe(deliveries[1]?.eventId);
    expect(await profileCount()).toBe(1);
    const first = (await cloud.firestore.doc(`users/${uid}`).get()).get('createdAt') as {
      toMillis(): number;
    };
    // A third, late redelivery must not move createdAt either.
    cloud.cloud.configureDelivery({ deliverTwice: false });
    await cloud.call('ensureProfile', {}, { uid });
    const after = (await cloud.firestore.doc(`users/${uid}`).get()).get('createdAt') as {
      toMillis(): number;
    };
    expect(after.toMillis()).toBe(first.toMillis());
  });

  it('arriving after ensureProfile (out of order) keeps what the app sent', async () => {
    cloud.cloud.configureDelivery({ delayMs: 300 });
    const { uid } = await cloud.signUp({ displayName: 'Late Trigger' });
    const response = EnsureProfileResponseSchema.parse(
      await cloud.call('ensureProfile', { locale: 'de-DE', timeZone: 'Europe/Berlin' }, { uid }),
    );
    expect(response.created).toBe(true);
    await cloud.idle();
    const profile = (await cloud.firestore.doc(`users/${uid}`).get()).data();
    expect(profile).toMatchObject({ locale: 'de-DE', timeZone: 'Europe/Berlin' });
    expect(cloud.cloud.deliveries.filter((d) => d.outcome === 'delivered')).toHaveLength(1);
  });
});

describe('ensureProfile', () => {
  it('creates the profile when the trigger has not yet, and returns it fitting the contract', async () => {
    const response = EnsureProfileResponseSchema.parse(
      await cloud.call(
        'ensureProfile',
        { locale: 'fr-fr', timeZone: 'Europe/Paris' },
        { uid: 'u-early', claims: { email: 'early@gadget.test', name: 'Early' } },
      ),
    );
    expect(response.created).toBe(true);
    expect(response.profile).toMatchObject({
      uid: 'u-early',
      locale: 'fr-FR',
      email: 'early@gadget.test',
      displayName: 'Early',
    });
    const again = EnsureProfileResponseSchema.parse(
      await cloud.call('ensureProfile', { locale: 'it' }, { uid: 'u-early' }),
    );
    expect(again.created).toBe(false);
    expect(again.profile.locale).toBe('fr-FR');
    expect(again.profile.createdAt).toBe(response.profile.createdAt);
  });

  it('fills in the app’s locale and time zone on a profile the trigger made, once', async () => {
    const { uid } = await cloud.signUp();
    await cloud.idle();
    const first = EnsureProfileResponseSchema.parse(
      await cloud.call('ensureProfile', { locale: 'de', timeZone: 'Europe/Vienna' }, { uid }),
    );
    expect(first.profile).toMatchObject({ locale: 'de', timeZone: 'Europe/Vienna' });
    const second = EnsureProfileResponseSchema.parse(
      await cloud.call('ensureProfile', { locale: 'en-GB' }, { uid }),
    );
    expect(second.profile.locale).toBe('de');
  });

  it('keeps filling in until the app has sent both locale and time zone', async () => {
    const { uid } = await cloud.signUp();
    await cloud.idle();
    await cloud.call('ensureProfile', { locale: 'de' }, { uid });
    const both = EnsureProfileResponseSchema.parse(
      await cloud.call('ensureProfile', { locale: 'de', timeZone: 'Europe/Zurich' }, { uid }),
    );
    expect(both.profile).toMatchObject({ locale: 'de', timeZone: 'Europe/Zurich' });
    const later = EnsureProfileResponseSchema.parse(
      await cloud.call('ensureProfile', { locale: 'fr', timeZone: 'UTC' }, { uid }),
    );
    expect(later.profile).toMatchObject({ locale: 'de', timeZone: 'Europe/Zurich' });
  });

  it('answers a warm call from one read of the profile and its tombstone, writing nothing', async () => {
    const { uid } = await cloud.signUp();
    await cloud.idle();
    await cloud.call('ensureProfile', { locale: 'de', timeZone: 'Europe/Vienna' }, { uid });
    cloud.resetOps();
    const warm = EnsureProfileResponseSchema.parse(
      await cloud.call('ensureProfile', { locale: 'de', timeZone: 'Europe/Vienna' }, { uid }),
    );
    expect(warm).toMatchObject({ created: false, profile: { locale: 'de' } });
    expect(cloud.ops()).toMatchObject({ reads: 2, writes: 0, deletes: 0 });
  });

  it('refuses an account whose deletion has begun, profile still there, and changes nothing', async () => {
    const { uid } = await cloud.signUp();
    await cloud.idle();
    const profile = cloud.firestore.doc(`users/${uid}`);
    const before = await profile.get();
    expect(before.get('awaitingAppSettings')).toBe(true);
    // The cascade's first step, with the profile not yet deleted: the app's settings must not land.
    const startedAt = new Date();
    await cloud.firestore.doc(`accountDeletions/${uid}`).create({
      startedAt,
      steps: {},
      finishedAt: null,
      expireAt: new Date(startedAt.getTime() + TOMBSTONE_DAYS * 24 * 3600_000),
    });
    cloud.resetOps();
    await expect(
      cloud.call('ensureProfile', { locale: 'de', timeZone: 'Europe/Vienna' }, { uid }),
    ).rejects.toMatchObject({
      code: 'unauthenticated',
      message: 'This account has been deleted. Sign in again.',
    });
    expect(cloud.ops()).toMatchObject({ writes: 0, deletes: 0 });
    const after = await profile.get();
    const updated = before.updateTime;
    if (updated === undefined) throw new Error('the profile has no update time');
    expect(after.updateTime?.isEqual(updated)).toBe(true);
    expect(after.data()).toEqual(before.data());
  });

  it.each([
    ['unauthenticated', { uid: undefined }, {}, 'unauthenticated'],
    ['without App Check', { uid: 'u1', appCheck: false }, {}, 'unauthenticated'],
    ['malformed: not an object', { uid: 'u1' }, 'en', 'invalid-argument'],
    ['malformed: unknown field', { uid: 'u1' }, { locale: 'en', admin: true }, 'invalid-argument'],
    ['malformed: bad time zone', { uid: 'u1' }, { timeZone: 'Middle/Earth' }, 'invalid-argument'],
    ['oversized: locale', { uid: 'u1' }, { locale: 'x'.repeat(10_000) }, 'invalid-argument'],
  ])('refuses a request %s and writes nothing', async (_case, options, data, code) => {
    cloud.resetOps();
    await expect(cloud.call('ensureProfile', data, options)).rejects.toMatchObject({ code });
    expect(cloud.ops().writes).toBe(0);
    expect(await profileCount()).toBe(0);
  });

  it('names the bad fields in details', async () => {
    await expect(
      cloud.call('ensureProfile', { timeZone: 'CET', locale: '' }, { uid: 'u1' }),
    ).rejects.toMatchObject(namingFields('timeZone', 'locale'));
  });
});
