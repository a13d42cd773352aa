// Firmware updates over ingest and the download endpoint, driven as a Wi-Fi gadget's raw calls:
// an offer signed by the release key, the download with Range and its credentials, the gadget's
// reports (redelivered, out of order, confirmed by the new version), failures never offered again,
// ask-first approval, quiet hours, and revocation withdrawing updates not yet installing.
import { verify, createPublicKey } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { firmwareManifestBytes } from '@gadget/shared';
import type { FirmwareOffer, IngestResponse } from '@gadget/shared';
import { sharedCloud } from '../helpers/product-cloud.ts';
import { deviceDoc, seedMembers } from '../helpers/devices.ts';
import { rotateKey, startTelemetryCloud, telemetryDevice } from '../helpers/telemetry.ts';
import type { TestDevice } from '../helpers/telemetry.ts';
import { expectRefusedUnchanged, gadgetCall } from '../helpers/control.ts';
import {
  otaDoc,
  seedRelease,
  seedRollout,
  setRolloutState,
  signingKey,
} from '../helpers/firmware.ts';
import type { SeededRelease, SigningKey } from '../helpers/firmware.ts';

// The model's rollout is read on every call here, so each change shows at once.
const cloud = sharedCloud(() => startTelemetryCloud({ MODEL_CACHE_SECONDS: '0' }));

let key: SigningKey;
let release: SeededRelease;
let device: TestDevice;
let deviceKey: string;

const call = (
  body: Record<string, unknown>,
  as: { id: string; key: string } = { id: device.deviceId, key: deviceKey },
) => gadgetCall(cloud, as.id, as.key, body);

function offerOf(answer: IngestResponse): FirmwareOffer {
  if (answer.firmware === undefined) throw new Error('expected a firmware offer');
  return answer.firmware;
}

async function download(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; bytes: Buffer; headers: Headers }> {
  const response = await fetch(url, { headers });
  return {
    status: response.status,
    bytes: Buffer.from(await response.arrayBuffer()),
    headers: response.headers,
  };
}

const deviceHeader = (id = device.deviceId, secret = deviceKey) => ({
  authorization: `Device ${id}:${secret}`,
});

beforeEach(async () => {
  key = signingKey();
  release = await seedRelease(cloud, key, { version: '1.4.0', size: 150_000 });
  device = await telemetryDevice(cloud, 'alice');
  deviceKey = await rotateKey(cloud, device);
  await call({ firmware: '1.2.0' });
});

describe('with no rollout', () => {
  it('a gadget is offered nothing and no update document appears', async () => {
    const answer = await call({ firmware: '1.2.0' });
    expect(answer.firmware).toBeUndefined();
    expect(await otaDoc(cloud, device.deviceId)).toBeUndefined();
  });
});

describe('an offer over ingest', () => {
  beforeEach(async () => {
    await seedRollout(cloud, { id: 'r1', version: '1.4.0', stages: [100] });
  });

  it('carries the signed manifest a gadget verifies with the release key, and a per-gadget URL', async () => {
    const offer = offerOf(await call({ firmware: '1.2.0' }));
    expect(offer).toMatchObject({
      version: '1.4.0',
      size: release.image.length,
      sha256: release.sha256,
      rolloutId: 'r1',
      deltaFrom: null,
    });
    const publicKey = createPublicKey({
      key: {
        kty: 'OKP',
        crv: 'Ed25519',
        x: Buffer.from(key.publicKey, 'base64').toString('base64url'),
      },
      format: 'jwk',
    });
    const manifest = firmwareManifestBytes({ model: 'thermo-1', ...offer });
    expect(verify(null, manifest, publicKey, Buffer.from(offer.signature, 'base64'))).toBe(true);
    expect(new URL(offer.url).searchParams.get('deviceId')).toBe(device.deviceId);
    expect(await otaDoc(cloud, device.deviceId)).toMatchObject({
      state: 'offered',
      version: '1.4.0',
      rolloutId: 'r1',
      fromVersion: '1.2.0',
      failedVersions: [],
    });
    // Repeated on the next call (a lost answer loses nothing), with nothing written again.
    const before = (await cloud.firestore.doc(`devices/${device.deviceId}/ota/current`).get())
      .updateTime;
    expect(offerOf(await call({ firmware: '1.2.0' })).sha256).toBe(release.sha256);
    const after = (await cloud.firestore.doc(`devices/${device.deviceId}/ota/current`).get())
      .updateTime;
    expect(after?.isEqual(before ?? after)).toBe(true);
  });

  it('serves the image in ranges to the gadget’s own key, and nothing to anyone else', async () => {
    const offer = offerOf(await call({ firmware: '1.2.0' }));
    const first = await download(offer.url, { ...deviceHeader(), range: 'bytes=0-65535' });
    expect(first.status).toBe(206);
    expect(first.headers.get('content-range')).toBe(
      `bytes 0-65535/${String(release.image.length)}`,
    );
    expect(first.bytes.equals(release.image.subarray(0, 65_536))).toBe(true);
    const rest = await download(offer.url, { ...deviceHeader(), range: 'bytes=65536-' });
    expect(rest.status).toBe(206);
    expect(Buffer.concat([first.bytes, rest.bytes]).equals(release.image)).toBe(true);
    const whole = await download(offer.url, deviceHeader());
    expect(whole.status).toBe(200);
    expect(whole.bytes.equals(release.image)).toBe(true);
    const past = await download(offer.url, {
      ...deviceHeader(),
      range: `bytes=${String(release.image.length)}-`,
    });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${String(release.image.length)}`);

    // No credentials, a wrong key, another gadget's key, a phone without the lease.
    const other = await telemetryDevice(cloud, 'alice');
    const otherKey = await rotateKey(cloud, other);
    expect((await download(offer.url, {})).status).toBe(401);
    expect((await download(offer.url, deviceHeader(device.deviceId, 'x'.repeat(43)))).status).toBe(
      403,
    );
    expect((await download(offer.url, deviceHeader(other.deviceId, otherKey))).status).toBe(403);
    // A URL for a version or rollout not offered.
    const wrong = new URL(offer.url);
    wrong.searchParams.set('version', '1.3.0');
    expect((await download(wrong.toString(), deviceHeader())).status).toBe(404);
    const malformed = new URL(offer.url);
    malformed.searchParams.delete('rolloutId');
    expect((await download(malformed.toString(), deviceHeader())).status).toBe(400);
    expect((await fetch(offer.url, { method: 'POST', headers: deviceHeader() })).status).toBe(405);
  });

  it('follows the gadget’s reports, ignores repeats and late ones, and the new version confirms it', async () => {
    const offer = offerOf(await call({ firmware: '1.2.0' }));
    const report = (state: string, extra: Record<string, unknown> = {}) => ({
      firmware: '1.2.0',
      ota: { rolloutId: offer.rolloutId, version: offer.version, state, ...extra },
    });
    await call(report('downloading', { progress: 40 }));
    expect(await otaDoc(cloud, device.deviceId)).toMatchObject({
      state: 'downloading',
      progress: 40,
      via: 'wifi',
    });
    // A repeat, and an older progress, change nothing.
    const stamp = async () =>
      (await cloud.firestore.doc(`devices/${device.deviceId}/ota/current`).get()).updateTime;
    const before = await stamp();
    await call(report('downloading', { progress: 40 }));
    await call(report('downloading', { progress: 10 }));
    expect(await stamp()).toEqual(before);
    await call(report('installing'));
    // A late `downloaded` (sent before `installing`, arrived after) does not move it back.
    await call(report('downloaded'));
    expect(await otaDoc(cloud, device.deviceId)).toMatchObject({ state: 'installing' });
    // `succeeded` from a gadget still on the old version is no success.
    await call(report('succeeded'));
    expect(await otaDoc(cloud, device.deviceId)).toMatchObject({ state: 'installing' });
    // Rebooted into 1.4.0: its first call confirms, whatever it says of the update.
    const confirmed = await call({ firmware: '1.4.0' });
    expect(confirmed.firmware).toBeUndefined();
    expect(await otaDoc(cloud, device.deviceId)).toMatchObject({
      state: 'succeeded',
      progress: 100,
      error: null,
    });
    expect((await deviceDoc(cloud, device.deviceId))?.status).toMatchObject({
      firmware: { version: '1.4.0' },
    });
    // A redelivered report of an earlier step changes nothing now.
    await call({
      firmware: '1.4.0',
      ota: { rolloutId: 'r1', version: '1.4.0', state: 'downloading', progress: 99 },
    });
    expect(await otaDoc(cloud, device.deviceId)).toMatchObject({ state: 'succeeded' });
    // The update is no longer downloadable.
    expect((await download(offer.url, deviceHeader())).status).toBe(404);
  });

  it('a version that failed or rolled back is never offered to that gadget again', async () => {
    const offer = offerOf(await call({ firmware: '1.2.0' }));
    await call({
      firmware: '1.2.0',
      ota: { rolloutId: 'r1', version: '1.4.0', state: 'installing' },
    });
    await call({
      firmware: '1.2.0',
      ota: { rolloutId: 'r1', version: '1.4.0', state: 'rolled-back', error: 'boot-failed' },
    });
    expect(await otaDoc(cloud, device.deviceId)).toMatchObject({
      state: 'rolled-back',
      error: 'boot-failed',
      failedVersions: ['1.4.0'],
    });
    for (let i = 0; i < 3; i += 1)
      expect((await call({ firmware: '1.2.0' })).firmware).toBeUndefined();
    expect((await download(offer.url, deviceHeader())).status).toBe(404);
    // Not even by a new rollout of the same version.
    await setRolloutState(cloud, 'r1', 'aborted');
    await seedRollout(cloud, { id: 'r2', version: '1.4.0', stages: [100] });
    expect((await call({ firmware: '1.2.0' })).firmware).toBeUndefined();
    // A newer release is offered.
    await seedRelease(cloud, key, { version: '1.4.1', size: 1000 });
    await setRolloutState(cloud, 'r2', 'aborted');
    await seedRollout(cloud, { id: 'r3', version: '1.4.1', stages: [100] });
    expect(offerOf(await call({ firmware: '1.2.0' })).version).toBe('1.4.1');
    expect((await otaDoc(cloud, device.deviceId))?.failedVersions).toEqual(['1.4.0']);
  });

  it('refuses a malformed report and changes nothing', async () => {
    offerOf(await call({ firmware: '1.2.0' }));
    for (const ota of [
      { rolloutId: 'r1', version: '1.4.0', state: 'done' },
      { rolloutId: 'r1', version: '1.4', state: 'downloading' },
      { rolloutId: 'r1', version: '1.4.0', state: 'downloading', progress: 101 },
      { rolloutId: 'r/1', version: '1.4.0', state: 'downloading' },
      { rolloutId: 'r1', version: '1.4.0', state: 'failed', error: 'x'.repeat(201) },
      { rolloutId: 'r1', version: '1.4.0', state: 'downloading', extra: true },
    ]) {
      const before = await otaDoc(cloud, device.deviceId);
      await expect(call({ ota })).rejects.toThrow(/ingest answered 422/);
      expect(await otaDoc(cloud, device.deviceId)).toEqual(before);
    }
  });
});

describe('a paused or aborted rollout', () => {
  beforeEach(async () => {
    await seedRollout(cloud, { id: 'r1', version: '1.4.0', stages: [100] });
  });

  it('pause: no new offers and none not yet started; a download under way finishes', async () => {
    const started = offerOf(await call({ firmware: '1.2.0' }));
    await call({
      firmware: '1.2.0',
      ota: { rolloutId: 'r1', version: '1.4.0', state: 'downloading', progress: 5 },
    });
    const waiting = await telemetryDevice(cloud, 'alice');
    const waitingKey = await rotateKey(cloud, waiting);
    const asWaiting = { id: waiting.deviceId, key: waitingKey };
    offerOf(await call({ firmware: '1.2.0' }, asWaiting));
    await setRolloutState(cloud, 'r1', 'paused');
    expect(offerOf(await call({ firmware: '1.2.0' })).version).toBe('1.4.0');
    expect((await download(started.url, deviceHeader())).status).toBe(200);
    expect((await call({ firmware: '1.2.0' }, asWaiting)).firmware).toBeUndefined();
    expect((await otaDoc(cloud, waiting.deviceId))?.state).toBe('offered');
    const fresh = await telemetryDevice(cloud, 'alice');
    const freshKey = await rotateKey(cloud, fresh);
    expect(
      (await call({ firmware: '1.2.0' }, { id: fresh.deviceId, key: freshKey })).firmware,
    ).toBeUndefined();
    expect(await otaDoc(cloud, fresh.deviceId)).toBeUndefined();
    await setRolloutState(cloud, 'r1', 'active');
    expect(offerOf(await call({ firmware: '1.2.0' }, asWaiting)).version).toBe('1.4.0');
  });

  it('revoking the release withdraws every update not yet installing, and its downloads stop', async () => {
    const downloading = offerOf(await call({ firmware: '1.2.0' }));
    await call({
      firmware: '1.2.0',
      ota: { rolloutId: 'r1', version: '1.4.0', state: 'downloading', progress: 5 },
    });
    const offered = await telemetryDevice(cloud, 'alice');
    const offeredKey = await rotateKey(cloud, offered);
    offerOf(await call({ firmware: '1.2.0' }, { id: offered.deviceId, key: offeredKey }));
    const installing = await telemetryDevice(cloud, 'alice');
    const installingKey = await rotateKey(cloud, installing);
    const asInstalling = { id: installing.deviceId, key: installingKey };
    offerOf(await call({ firmware: '1.2.0' }, asInstalling));
    await call(
      { firmware: '1.2.0', ota: { rolloutId: 'r1', version: '1.4.0', state: 'installing' } },
      asInstalling,
    );

    // What `firmware:release --revoke` does: the release marked, its rollout aborted.
    await cloud.firestore.doc('models/thermo-1/releases/1.4.0').update({ revokedAt: new Date() });
    await setRolloutState(cloud, 'r1', 'aborted');
    expect((await cloud.firestore.doc('models/thermo-1').get()).get('rollout')).toBeNull();
    expect((await otaDoc(cloud, device.deviceId))?.state).toBe('withdrawn');
    expect((await otaDoc(cloud, offered.deviceId))?.state).toBe('withdrawn');
    expect((await otaDoc(cloud, installing.deviceId))?.state).toBe('installing');
    expect((await call({ firmware: '1.2.0' })).firmware).toBeUndefined();
    expect((await download(downloading.url, deviceHeader())).status).toBe(404);
    // The gadget that was installing still confirms.
    await call({ firmware: '1.4.0' }, asInstalling);
    expect((await otaDoc(cloud, installing.deviceId))?.state).toBe('succeeded');
  });
});

describe('ask-first devices', () => {
  beforeEach(async () => {
    await seedMembers(cloud, device.deviceId, { bob: 'admin', carol: 'viewer' });
    await cloud.call(
      'updateDevice',
      { deviceId: device.deviceId, updatePolicy: 'ask' },
      { uid: 'alice' },
    );
    await seedRollout(cloud, { id: 'r1', version: '1.4.0', stages: [100] });
  });

  const approve = (uid: string, rolloutId = 'r1') =>
    cloud.call('approveUpdate', { deviceId: device.deviceId, rolloutId }, { uid });
  const state = async () => ({ ota: await otaDoc(cloud, device.deviceId) });

  it('wait for an owner or admin; a viewer, a stranger, a wrong rollout and bad input are refused', async () => {
    expect((await call({ firmware: '1.2.0' })).firmware).toBeUndefined();
    expect(await otaDoc(cloud, device.deviceId)).toMatchObject({
      state: 'awaiting-approval',
      approvedBy: null,
    });
    await expectRefusedUnchanged(cloud, state, () => approve('carol'), 'permission-denied');
    await expectRefusedUnchanged(cloud, state, () => approve('mallory'), 'not-found');
    await expectRefusedUnchanged(cloud, state, () => approve('bob', 'r2'), 'failed-precondition');
    await expectRefusedUnchanged(
      cloud,
      state,
      () => cloud.call('approveUpdate', { deviceId: device.deviceId, rolloutId: 'r1' }),
      'unauthenticated',
    );
    for (const data of [
      { deviceId: device.deviceId },
      { deviceId: device.deviceId, rolloutId: 'r/1' },
      { deviceId: device.deviceId, rolloutId: 'r1', extra: 1 },
    ]) {
      await expectRefusedUnchanged(
        cloud,
        state,
        () => cloud.call('approveUpdate', data, { uid: 'bob' }),
        'invalid-argument',
      );
    }
    expect((await call({ firmware: '1.2.0' })).firmware).toBeUndefined();

    expect(await approve('bob')).toEqual({ state: 'offered' });
    expect(await approve('alice')).toEqual({ state: 'offered' });
    expect(await otaDoc(cloud, device.deviceId)).toMatchObject({
      state: 'offered',
      approvedBy: 'bob',
    });
    expect(offerOf(await call({ firmware: '1.2.0' })).version).toBe('1.4.0');
  });

  it('50 parallel approvals write once', async () => {
    await call({ firmware: '1.2.0' });
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => approve(i % 2 === 0 ? 'alice' : 'bob')),
    );
    expect(answers.every((answer) => (answer as { state: string }).state === 'offered')).toBe(true);
    expect((await otaDoc(cloud, device.deviceId))?.state).toBe('offered');
  });
});

describe('quiet hours', () => {
  it('an automatic install waits for the owner’s quiet hours to end', async () => {
    await cloud.call('ensureProfile', { locale: 'en-GB', timeZone: 'UTC' }, { uid: 'alice' });
    const hour = new Date().getUTCHours();
    const clock = (h: number) => `${String(h % 24).padStart(2, '0')}:00`;
    await cloud.call(
      'updateProfile',
      { quietHours: { start: clock(hour), end: clock(hour + 2) } },
      { uid: 'alice' },
    );
    await seedRollout(cloud, { id: 'r1', version: '1.4.0', stages: [100] });
    expect((await call({ firmware: '1.2.0' })).firmware).toBeUndefined();
    expect(await otaDoc(cloud, device.deviceId)).toBeUndefined();
    await cloud.call('updateProfile', { quietHours: null }, { uid: 'alice' });
    expect(offerOf(await call({ firmware: '1.2.0' })).version).toBe('1.4.0');
  });
});
