// updateProfile: only the allow-listed fields change, and every refusal leaves the profile as it was.
import { beforeEach, describe, expect, it } from 'vitest';
import { UpdateProfileResponseSchema } from '@gadget/shared';
import { startProductCloud, sharedCloud } from '../helpers/product-cloud.ts';
import { seedProfile } from './accounts-fixtures.ts';
import { namingFields } from '../helpers/field-errors.ts';
import { writesDuring } from '../helpers/writes.ts';

const cloud = sharedCloud(() => startProductCloud());
beforeEach(async () => {
  await seedProfile(cloud.firestore, 'u1', 'Ada');
});

async function storedProfile(uid = 'u1') {
  return (await cloud.firestore.doc(`users/${uid}`).get()).data();
}

describe('updateProfile', () => {
  it('changes the allowed fields, keeps the rest, and returns the profile', async () => {
    const response = UpdateProfileResponseSchema.parse(
      await cloud.call(
        'updateProfile',
        {
          displayName: '  Ada Lovelace ',
          locale: 'de-at',
          timeZone: 'Europe/Vienna',
          units: 'imperial',
          notificationPrefs: { digest: false },
          quietHours: { start: '22:30', end: '07:00' },
        },
        { uid: 'u1' },
      ),
    );
    const expected = {
      displayName: 'Ada Lovelace',
      email: 'u1@gadget.test',
      locale: 'de-AT',
      timeZone: 'Europe/Vienna',
      units: 'imperial',
      notificationPrefs: { alerts: true, deviceStatus: true, sharing: true, digest: false },
      quietHours: { start: '22:30', end: '07:00' },
    };
    expect(response.profile).toMatchObject({ ...expected, uid: 'u1' });
    expect(response.profile.createdAt).toBe('2024-01-01T00:00:00.000Z');
    expect(await storedProfile()).toMatchObject({ ...expected, awaitingAppSettings: false });
  });

  it('changes only what is sent; quiet hours can be turned off with null', async () => {
    await cloud.call(
      'updateProfile',
      { quietHours: { start: '23:00', end: '06:00' } },
      { uid: 'u1' },
    );
    await cloud.call('updateProfile', { notificationPrefs: { alerts: false } }, { uid: 'u1' });
    await cloud.call('updateProfile', { quietHours: null, displayName: null }, { uid: 'u1' });
    expect(await storedProfile()).toMatchObject({
      displayName: null,
      locale: 'en',
      timeZone: 'UTC',
      quietHours: null,
      notificationPrefs: { alerts: false, deviceStatus: true, sharing: true, digest: true },
      // Neither locale nor time zone was chosen, so the app may still fill them in.
      awaitingAppSettings: true,
    });
  });

  it('a locale or time zone the user chose is no longer overwritten by ensureProfile', async () => {
    await cloud.call('updateProfile', { timeZone: 'Asia/Tokyo' }, { uid: 'u1' });
    await cloud.call('ensureProfile', { locale: 'fr', timeZone: 'Europe/Paris' }, { uid: 'u1' });
    expect(await storedProfile()).toMatchObject({ locale: 'en', timeZone: 'Asia/Tokyo' });
  });

  it('answers not-found for a user without a profile, writing nothing', async () => {
    expect(
      await writesDuring(cloud, () =>
        expect(
          cloud.call('updateProfile', { units: 'imperial' }, { uid: 'nobody' }),
        ).rejects.toMatchObject({ code: 'not-found' }),
      ),
    ).toBe(0);
    expect(await storedProfile('nobody')).toBeUndefined();
  });

  it.each([
    ['unauthenticated', { uid: undefined }, { units: 'imperial' }, 'unauthenticated'],
    ['malformed: not an object', { uid: 'u1' }, 'imperial', 'invalid-argument'],
    ['malformed: empty', { uid: 'u1' }, {}, 'invalid-argument'],
    [
      'malformed: unknown field',
      { uid: 'u1' },
      { units: 'metric', email: 'x@y.z' },
      'invalid-argument',
    ],
    ['malformed: server field', { uid: 'u1' }, { awaitingAppSettings: false }, 'invalid-argument'],
    ['malformed: createdAt', { uid: 'u1' }, { createdAt: '2020-01-01' }, 'invalid-argument'],
    ['malformed: units', { uid: 'u1' }, { units: 'furlongs' }, 'invalid-argument'],
    ['malformed: time zone', { uid: 'u1' }, { timeZone: 'CET' }, 'invalid-argument'],
    ['malformed: locale', { uid: 'u1' }, { locale: 'not a locale!' }, 'invalid-argument'],
    [
      'malformed: pref type',
      { uid: 'u1' },
      { notificationPrefs: { alerts: 'no' } },
      'invalid-argument',
    ],
    [
      'malformed: unknown pref',
      { uid: 'u1' },
      { notificationPrefs: { sms: true } },
      'invalid-argument',
    ],
    [
      'malformed: quiet hours',
      { uid: 'u1' },
      { quietHours: { start: '24:00', end: '07:00' } },
      'invalid-argument',
    ],
    [
      'malformed: quiet hours half',
      { uid: 'u1' },
      { quietHours: { start: '22:00' } },
      'invalid-argument',
    ],
    [
      'malformed: one bad field among good ones',
      { uid: 'u1' },
      { units: 'imperial', timeZone: 'Nowhere/Town' },
      'invalid-argument',
    ],
    ['oversized: display name', { uid: 'u1' }, { displayName: 'x'.repeat(81) }, 'invalid-argument'],
    [
      'oversized: time zone',
      { uid: 'u1' },
      { timeZone: 'Europe/'.padEnd(10_000, 'x') },
      'invalid-argument',
    ],
  ])(
    'refuses a request %s and leaves the profile unchanged',
    async (_case, options, data, code) => {
      const before = await storedProfile();
      expect(
        await writesDuring(cloud, () =>
          expect(cloud.call('updateProfile', data, options)).rejects.toMatchObject({ code }),
        ),
      ).toBe(0);
      expect(await storedProfile()).toEqual(before);
    },
  );

  it('changes only the caller’s own profile', async () => {
    await seedProfile(cloud.firestore, 'u2', 'Bob');
    const before = await storedProfile('u2');
    await cloud.call('updateProfile', { displayName: 'Mallory' }, { uid: 'u1' });
    expect(await storedProfile('u2')).toEqual(before);
    expect((await storedProfile('u1'))?.displayName).toBe('Mallory');
  });

  it('names the bad fields in details', async () => {
    await expect(
      cloud.call('updateProfile', { units: 'x', displayName: '' }, { uid: 'u1' }),
    ).rejects.toMatchObject(namingFields('units', 'displayName'));
  });
});
