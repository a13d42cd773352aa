// claimDevice: one owner per gadget, indistinguishable refusals, per-serial lockout and per-user
// failure limit.
import { describe, expect, it } from 'vitest';
import { ClaimDeviceResponseSchema } from '@gadget/shared';
import { startProductCloud, sharedCloud } from '../helpers/product-cloud.ts';
import { count, provisionDevice, refusal, registryDoc } from '../helpers/devices.ts';
import { writesDuring } from '../helpers/writes.ts';

const cloud = sharedCloud(() => startProductCloud());

const claim = (data: unknown, uid?: string) =>
  cloud.call('claimDevice', data, uid === undefined ? {} : { uid });

/** The same code, as a person might type it: lower case, no dashes, spaces, O for 0, I/L for 1. */
function sloppy(code: string): string {
  return code.replaceAll('-', ' ').toLowerCase().replace(/0/g, 'o').replace(/1/g, 'l');
}

describe('claimDevice', () => {
  it('makes the caller the owner and marks the registry entry claimed', async () => {
    const { serial, code } = await provisionDevice(cloud, { model: 'air-1' });
    const response = ClaimDeviceResponseSchema.parse(
      await claim({ serial: serial.toLowerCase(), claimCode: sloppy(code), name: 'Hall' }, 'alice'),
    );
    expect(response.created).toBe(true);
    expect(response.device).toMatchObject({
      deviceId: response.deviceId,
      serial,
      model: 'air-1',
      name: 'Hall',
      ownerUid: 'alice',
      role: 'owner',
      members: { alice: 'owner' },
      muted: false,
      thresholds: {},
    });
    const stored = (await cloud.firestore.doc(`devices/${response.deviceId}`).get()).data();
    expect(stored).toMatchObject({ ownerUid: 'alice', memberUids: ['alice'] });
    // The serial is kept where only the owner and admins may read it, not on the device.
    expect(stored).not.toHaveProperty('serial');
    expect(
      (await cloud.firestore.doc(`devices/${response.deviceId}/private/identity`).get()).data(),
    ).toEqual({ serial });
    expect(await registryDoc(cloud, serial)).toMatchObject({
      claimedBy: 'alice',
      deviceId: response.deviceId,
      failedAttempts: 0,
      lockedUntil: null,
    });
  });

  it('names the device after its model, never its serial, when no name is given', async () => {
    const { serial, code } = await provisionDevice(cloud);
    const response = ClaimDeviceResponseSchema.parse(
      await claim({ serial, claimCode: code }, 'alice'),
    );
    expect(response.device.name).toBe('Thermometer');
  });

  it('is idempotent for the owner: the same device, nothing new', async () => {
    const { serial, code } = await provisionDevice(cloud);
    const first = ClaimDeviceResponseSchema.parse(
      await claim({ serial, claimCode: code }, 'alice'),
    );
    const again = ClaimDeviceResponseSchema.parse(
      await claim({ serial, claimCode: code }, 'alice'),
    );
    expect(again).toMatchObject({ deviceId: first.deviceId, created: false });
    expect(await count(cloud, 'devices')).toBe(1);
  });

  it('answers already-exists to someone else with the right code, changing nothing', async () => {
    const { serial, code } = await provisionDevice(cloud);
    const { deviceId } = ClaimDeviceResponseSchema.parse(
      await claim({ serial, claimCode: code }, 'alice'),
    );
    const before = await registryDoc(cloud, serial);
    await expect(claim({ serial, claimCode: code }, 'bob')).rejects.toMatchObject({
      code: 'already-exists',
    });
    expect(await registryDoc(cloud, serial)).toEqual(before);
    expect((await cloud.firestore.doc(`devices/${deviceId}`).get()).get('ownerUid')).toBe('alice');
  });

  it('gives two people claiming at once exactly one owner', async () => {
    const { serial, code } = await provisionDevice(cloud);
    const results = await Promise.allSettled([
      claim({ serial, claimCode: code }, 'alice'),
      claim({ serial, claimCode: code }, 'bob'),
    ]);
    const won = results.filter((result) => result.status === 'fulfilled');
    const lost = results.filter((result) => result.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]?.reason).toMatchObject({ code: 'already-exists' });
    const devices = await cloud.firestore.collection('devices').get();
    expect(devices.size).toBe(1);
    const owner = devices.docs[0]?.get('ownerUid') as string;
    expect((await registryDoc(cloud, serial))?.claimedBy).toBe(owner);
  });

  it('answers an unknown serial and a wrong code with the same code and message', async () => {
    const { serial } = await provisionDevice(cloud);
    const unknown = await refusal(claim({ serial: 'GDG-000000', claimCode: 'AAAA-BBBB-CC' }, 'u1'));
    const wrong = await refusal(claim({ serial, claimCode: 'AAAA-BBBB-CC' }, 'u1'));
    expect(unknown.code).toBe('not-found');
    expect(wrong).toEqual(unknown);
    expect(await count(cloud, 'devices')).toBe(0);
  });

  it('locks a serial for 15 minutes for the account that gave 5 wrong codes, even with the right code', async () => {
    const { serial, code } = await provisionDevice(cloud);
    const unknown = await refusal(claim({ serial: 'GDG-000000', claimCode: code }, 'mallory'));
    for (let i = 0; i < 5; i++) {
      expect(await refusal(claim({ serial, claimCode: 'WRONG-CODE-0' }, 'mallory'))).toEqual(
        unknown,
      );
    }
    const lockRef = cloud.firestore.doc(
      `rateLimits/${encodeURIComponent(`serial-lock:${serial}:mallory`)}`,
    );
    const lockedUntil = (
      (await lockRef.get()).get('lockedUntil') as { toMillis(): number }
    ).toMillis();
    expect(lockedUntil - Date.now()).toBeGreaterThan(14 * 60 * 1000);
    expect(lockedUntil - Date.now()).toBeLessThanOrEqual(15 * 60 * 1000);
    expect(await refusal(claim({ serial, claimCode: code }, 'mallory'))).toEqual(unknown);
    expect(await count(cloud, 'devices')).toBe(0);

    // Fifteen minutes later (moved in the data rather than waited for) the code works again.
    await lockRef.update({ lockedUntil: new Date(Date.now() - 1000) });
    const response = ClaimDeviceResponseSchema.parse(
      await claim({ serial, claimCode: code }, 'mallory'),
    );
    expect(response.created).toBe(true);
    expect((await lockRef.get()).exists).toBe(false);
  });

  it('starts a fresh count once a lock has run out', async () => {
    const { serial } = await provisionDevice(cloud);
    const lockRef = cloud.firestore.doc(
      `rateLimits/${encodeURIComponent(`serial-lock:${serial}:mallory`)}`,
    );
    await lockRef.set({ failedAttempts: 5, lockedUntil: new Date(Date.now() - 1000) });
    await refusal(claim({ serial, claimCode: 'WRONG-CODE-0' }, 'mallory'));
    expect((await lockRef.get()).data()).toMatchObject({ failedAttempts: 1, lockedUntil: null });
  });

  it('refuses a user with resource-exhausted after 20 failures in an hour', async () => {
    const { serial, code } = await provisionDevice(cloud);
    for (let i = 0; i < 20; i++) {
      await expect(
        claim({ serial: `GDG-${String(100_000 + i)}`, claimCode: code }, 'mallory'),
      ).rejects.toMatchObject({ code: 'not-found' });
    }
    await expect(claim({ serial, claimCode: code }, 'mallory')).rejects.toMatchObject({
      code: 'resource-exhausted',
      details: { retryAfterSeconds: expect.any(Number) as unknown },
    });
    expect(await count(cloud, 'devices')).toBe(0);
    // Other people are not affected.
    await expect(claim({ serial, claimCode: code }, 'alice')).resolves.toBeDefined();
  });

  it.each([
    [
      'unauthenticated',
      undefined,
      { serial: 'GDG-1234', claimCode: 'AAAA-BBBB-CC' },
      'unauthenticated',
    ],
    ['not an object', 'u1', 'GDG-1234', 'invalid-argument'],
    ['missing code', 'u1', { serial: 'GDG-1234' }, 'invalid-argument'],
    ['wrong type', 'u1', { serial: 1234, claimCode: 'AAAA-BBBB-CC' }, 'invalid-argument'],
    ['bad serial', 'u1', { serial: 'GDG/1234', claimCode: 'AAAA-BBBB-CC' }, 'invalid-argument'],
    [
      'unknown field',
      'u1',
      { serial: 'GDG-1234', claimCode: 'AAAA-BBBB-CC', ownerUid: 'u2' },
      'invalid-argument',
    ],
    [
      'oversized code',
      'u1',
      { serial: 'GDG-1234', claimCode: 'A'.repeat(10_000) },
      'invalid-argument',
    ],
    [
      'oversized name',
      'u1',
      { serial: 'GDG-1234', claimCode: 'AAAA-BBBB-CC', name: 'x'.repeat(61) },
      'invalid-argument',
    ],
    [
      'empty name',
      'u1',
      { serial: 'GDG-1234', claimCode: 'AAAA-BBBB-CC', name: ' ' },
      'invalid-argument',
    ],
  ])('refuses a request %s and writes nothing', async (_case, uid, data, code) => {
    const { serial } = await provisionDevice(cloud, { serial: 'GDG-1234' });
    const before = await registryDoc(cloud, serial);
    expect(
      await writesDuring(cloud, () => expect(claim(data, uid)).rejects.toMatchObject({ code })),
    ).toBe(0);
    expect(await registryDoc(cloud, serial)).toEqual(before);
  });
});
