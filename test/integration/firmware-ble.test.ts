// A BLE gadget's update through its members' phones: getFirmwareOffer hands one phone a lease
// (two racing, only one gets it; an expired one is free again), the image downloads with that
// member's ID token only, and the gadget's signed reports relayed by the phone move the update on
// and end the lease. A removed member, a stranger and bad input get nothing and change nothing.
import { beforeEach, describe, expect, it } from 'vitest';
import { GetFirmwareOfferResponseSchema } from '@gadget/shared';
import type { GetFirmwareOfferResponse } from '@gadget/shared';
import { generateGadgetKeyPair, signGadgetReport } from '../../scripts/provision/gadget-keys.ts';
import type { GadgetKeyPair } from '../../scripts/provision/gadget-keys.ts';
import { sharedCloud } from '../helpers/product-cloud.ts';
import { claimedDevice, seedMembers } from '../helpers/devices.ts';
import { startTelemetryCloud } from '../helpers/telemetry.ts';
import { expectRefusedUnchanged } from '../helpers/control.ts';
import { otaDoc, seedRelease, seedRollout, signingKey } from '../helpers/firmware.ts';
import type { SeededRelease } from '../helpers/firmware.ts';

const cloud = sharedCloud(() => startTelemetryCloud({ MODEL_CACHE_SECONDS: '0' }));

let deviceId: string;
let keys: GadgetKeyPair;
let release: SeededRelease;
let seq: number;

/** alice owns a BLE thermo-1 on 1.2.0 with a key pair; bob is an admin, carol a viewer. */
beforeEach(async () => {
  const claimed = await claimedDevice(cloud, 'alice');
  deviceId = claimed.deviceId;
  keys = generateGadgetKeyPair();
  await cloud.firestore
    .doc(`deviceRegistry/${claimed.serial}`)
    .update({ publicKey: keys.publicKey });
  await seedMembers(cloud, deviceId, { bob: 'admin', carol: 'viewer' });
  await cloud.firestore
    .doc(`devices/${deviceId}`)
    .update({ 'status.firmware': { version: '1.2.0' } });
  release = await seedRelease(cloud, signingKey(), {
    version: '1.4.0',
    size: 40_000,
    notes: { en: 'Faster sync', de: 'Schnellere Synchronisierung' },
  });
  await seedRollout(cloud, { id: 'r1', version: '1.4.0', stages: [100] });
  seq = 0;
});

const ask = async (uid: string): Promise<GetFirmwareOfferResponse> =>
  GetFirmwareOfferResponseSchema.parse(await cloud.call('getFirmwareOffer', { deviceId }, { uid }));

/** What the gadget signs and the phone relays. */
function relay(uid: string, report: Record<string, unknown>) {
  seq += 1;
  const bytes = Buffer.from(JSON.stringify({ seq, ...report }));
  return cloud.call(
    'relayGadgetReport',
    {
      deviceId,
      report: bytes.toString('base64'),
      signature: signGadgetReport(bytes, keys.privateKey),
    },
    { uid },
  );
}

/** A signed-up member's uid and ID token, as the app holds them. */
function signUp(name: string): Promise<{ uid: string; idToken: string }> {
  return cloud.signUp({ email: `${name}-${String(Date.now())}@example.com` });
}

describe('getFirmwareOffer', () => {
  it('gives a member’s phone the offer, the notes in their language and a lease for the transfer', async () => {
    await cloud.call('ensureProfile', { locale: 'de-DE', timeZone: 'UTC' }, { uid: 'carol' });
    const answer = await ask('carol');
    if (!answer.available) throw new Error('expected an offer');
    expect(answer.offer).toMatchObject({
      version: '1.4.0',
      size: 40_000,
      sha256: release.sha256,
      rolloutId: 'r1',
    });
    expect(answer.notes).toBe('Schnellere Synchronisierung');
    // 40,000 bytes at 4 KiB/s, plus a minute for the erase.
    expect(answer.transferSeconds).toBe(Math.ceil(40_000 / 4096) + 60);
    expect(await otaDoc(cloud, deviceId)).toMatchObject({
      state: 'offered',
      lease: { uid: 'carol' },
      via: 'relay',
    });
    // The holder asks again: the same lease, extended.
    expect((await ask('carol')).available).toBe(true);
  });

  it('two phones racing: exactly one holds the lease; the other is told until when', async () => {
    const answers = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => ask(i % 2 === 0 ? 'alice' : 'bob')),
    );
    const holder = (await otaDoc(cloud, deviceId))?.lease?.uid;
    expect(['alice', 'bob']).toContain(holder);
    const loser = holder === 'alice' ? 'bob' : 'alice';
    answers.forEach((answer, i) => {
      const uid = i % 2 === 0 ? 'alice' : 'bob';
      if (uid === holder) expect(answer.status).toBe('fulfilled');
      else
        expect(answer).toMatchObject({
          status: 'rejected',
          reason: { code: 'failed-precondition' },
        });
    });
    await expectRefusedUnchanged(
      cloud,
      () => otaDoc(cloud, deviceId),
      () => ask(loser),
      'failed-precondition',
    );
    // A lease that ran out is free.
    await cloud.firestore
      .doc(`devices/${deviceId}/ota/current`)
      .update({ 'lease.expiresAt': new Date(Date.now() - 1000) });
    expect((await ask(loser)).available).toBe(true);
    expect((await otaDoc(cloud, deviceId))?.lease?.uid).toBe(loser);
  });

  it('a stranger, a removed member and bad input get nothing and change nothing', async () => {
    await ask('alice');
    const state = () => otaDoc(cloud, deviceId);
    await expectRefusedUnchanged(cloud, state, () => ask('mallory'), 'not-found');
    await expectRefusedUnchanged(
      cloud,
      state,
      () => cloud.call('getFirmwareOffer', { deviceId }),
      'unauthenticated',
    );
    for (const data of [{}, { deviceId: 'a/b' }, { deviceId, extra: true }]) {
      await expectRefusedUnchanged(
        cloud,
        state,
        () => cloud.call('getFirmwareOffer', data, { uid: 'alice' }),
        'invalid-argument',
      );
    }
    await cloud.call('removeMember', { deviceId, uid: 'carol' }, { uid: 'alice' });
    await expectRefusedUnchanged(cloud, state, () => ask('carol'), 'not-found');
  });

  it('nothing to carry: up to date, or no rollout', async () => {
    await cloud.firestore
      .doc(`devices/${deviceId}`)
      .update({ 'status.firmware': { version: '1.4.0' } });
    expect(await ask('alice')).toEqual({ available: false, reason: 'up-to-date' });
    await cloud.firestore
      .doc(`devices/${deviceId}`)
      .update({ 'status.firmware': { version: '1.2.0' } });
    await cloud.firestore.doc('rollouts/r1').update({ state: 'aborted' });
    await cloud.idle();
    expect(await ask('alice')).toEqual({ available: false, reason: 'no-rollout' });
  });
});

describe('the transfer', () => {
  it('downloads with the lease holder’s ID token only', async () => {
    const holder = await signUp('holder');
    const holderUid = holder.uid;
    const holderToken = holder.idToken;
    await seedMembers(cloud, deviceId, { [holderUid]: 'viewer' });
    const answer = await ask(holderUid);
    if (!answer.available) throw new Error('expected an offer');
    const get = (token: string) =>
      fetch(answer.offer.url, {
        headers: { authorization: `Bearer ${token}`, range: 'bytes=0-1023' },
      });
    const ok = await get(holderToken);
    expect(ok.status).toBe(206);
    expect(Buffer.from(await ok.arrayBuffer()).equals(release.image.subarray(0, 1024))).toBe(true);
    const other = await signUp('other');
    const otherUid = other.uid;
    const otherToken = other.idToken;
    await seedMembers(cloud, deviceId, { [otherUid]: 'admin' });
    expect((await get(otherToken)).status).toBe(403);
    expect((await get('not-a-token')).status).toBe(401);
  });

  it('the gadget’s relayed reports move the update on; success ends the lease', async () => {
    await ask('bob');
    await relay('bob', {
      firmware: '1.2.0',
      ota: { rolloutId: 'r1', version: '1.4.0', state: 'downloading', progress: 50 },
    });
    expect(await otaDoc(cloud, deviceId)).toMatchObject({
      state: 'downloading',
      progress: 50,
      lease: { uid: 'bob' },
    });
    await relay('bob', {
      firmware: '1.2.0',
      ota: { rolloutId: 'r1', version: '1.4.0', state: 'installing' },
    });
    // Rebooted into 1.4.0; a viewer's phone happens to relay its next report.
    await relay('carol', { firmware: '1.4.0' });
    expect(await otaDoc(cloud, deviceId)).toMatchObject({ state: 'succeeded', lease: null });
  });

  it('a phone cannot fake the gadget’s success: the report must carry the gadget’s signature', async () => {
    await ask('bob');
    const bytes = Buffer.from(
      JSON.stringify({
        seq: 99,
        firmware: '1.4.0',
        ota: { rolloutId: 'r1', version: '1.4.0', state: 'succeeded' },
      }),
    );
    const forged = generateGadgetKeyPair();
    await expectRefusedUnchanged(
      cloud,
      () => otaDoc(cloud, deviceId),
      () =>
        cloud.call(
          'relayGadgetReport',
          {
            deviceId,
            report: bytes.toString('base64'),
            signature: signGadgetReport(bytes, forged.privateKey),
          },
          { uid: 'bob' },
        ),
      'permission-denied',
    );
  });

  it('a failure ends the lease and the version is not offered again', async () => {
    await ask('bob');
    await relay('bob', {
      firmware: '1.2.0',
      ota: { rolloutId: 'r1', version: '1.4.0', state: 'failed', error: 'sha256-mismatch' },
    });
    expect(await otaDoc(cloud, deviceId)).toMatchObject({
      state: 'failed',
      lease: null,
      failedVersions: ['1.4.0'],
    });
    expect(await ask('alice')).toEqual({ available: false, reason: 'failed-before' });
  });
});
