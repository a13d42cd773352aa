// The operator's firmware commands against local-cloud's Firestore and Storage: signed releases
// (`npm run firmware:release`), revocation, and staged rollouts (`npm run firmware:rollout`).
import { otaWith } from '../../functions/src/test-fixtures/ota.ts';
import { createHash, createPublicKey, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { deleteApp, initializeApp } from 'firebase-admin/app';
import type { App } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import type { Firestore, Timestamp } from 'firebase-admin/firestore';
import { getStorage } from 'firebase-admin/storage';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLocalCloud } from '@gadget/local-cloud';
import type { LocalCloud } from '@gadget/local-cloud';
import {
  COLLECTIONS,
  FirmwareReleaseSchema,
  RolloutSchema,
  docPaths,
  firmwareManifestBytes,
  storagePrefixes,
} from '@gadget/shared';
import type { FirmwareRelease, OtaState } from '@gadget/shared';
import { schemaConverter } from '../../functions/src/data/converter.ts';
import { verifyGadgetReport } from '../../scripts/provision/gadget-keys.ts';
import { generateFirmwareKeyPair } from '../../scripts/firmware/keygen.ts';
import { FirmwareRefusal } from '../../scripts/firmware/refusal.ts';
import { publishFirmwareRelease } from '../../scripts/firmware/release-firmware.ts';
import type { FirmwareReleaseInput } from '../../scripts/firmware/release-firmware.ts';
import type { Bucket } from '../../scripts/firmware/release-storage.ts';
import { revokeFirmwareRelease } from '../../scripts/firmware/revoke-release.ts';
import { createRollout } from '../../scripts/firmware/rollout-create.ts';
import { formatRolloutStatus, rolloutStatus } from '../../scripts/firmware/rollout-status.ts';
import { moveRollout } from '../../scripts/firmware/rollout-transitions.ts';
import { loadSigningKey } from '../../scripts/firmware/signing-key.ts';

const INDEXES_FILE = fileURLToPath(new URL('../../firestore.indexes.json', import.meta.url));
const T0 = new Date('2025-03-01T10:00:00.000Z');
const LATER = new Date('2025-03-02T10:00:00.000Z');

let cloud: LocalCloud;
let app: App;
let firestore: Firestore;
let bucket: Bucket;
let signingKey: KeyObject;
let publicKey: string;

beforeAll(async () => {
  // The project's indexes: status's aggregation queries over the `ota` group need theirs.
  cloud = await startLocalCloud({ logs: 'silent', indexesFile: INDEXES_FILE });
  // No credentials locally: without this google-auth-library probes for a metadata server.
  process.env.METADATA_SERVER_DETECTION ??= 'none';
  // firebase-admin's Storage finds the emulator only through the environment.
  process.env.FIREBASE_STORAGE_EMULATOR_HOST = cloud.storageServer.hostAndPort;
  app = initializeApp(
    { projectId: cloud.projectId, storageBucket: cloud.storageBucket },
    'firmware-release-test',
  );
  firestore = getFirestore(app);
  firestore.settings({ host: cloud.firestoreServer.address, ssl: false });
  bucket = getStorage(app).bucket();
  const pair = generateFirmwareKeyPair();
  signingKey = loadSigningKey(pair.privateKeyPem);
  publicKey = pair.publicKey;
});
afterAll(async () => {
  await firestore.terminate();
  await deleteApp(app);
  await cloud.stop();
});
beforeEach(async () => {
  await cloud.reset();
});

/** An image of `size` bytes, different for each `seed`. */
function image(seed: string, size = 4096): Buffer {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i += 32) {
    createHash('sha256')
      .update(`${seed}:${String(i)}`)
      .digest()
      .copy(bytes, i);
  }
  return bytes;
}

function release(version: string, options: Partial<FirmwareReleaseInput> = {}, now: Date = T0) {
  return publishFirmwareRelease(
    firestore,
    bucket,
    { model: 'thermo-1', version, image: image(version), signingKey, ...options },
    now,
  );
}

async function storedRelease(model: string, version: string): Promise<FirmwareRelease | undefined> {
  const snapshot = await firestore
    .doc(docPaths.release(model, version))
    .withConverter(schemaConverter(FirmwareReleaseSchema))
    .get();
  return snapshot.data();
}

async function objectNames(prefix = 'firmware/'): Promise<string[]> {
  const [files] = await bucket.getFiles({ prefix });
  return files.map((file) => file.name).sort();
}

async function download(path: string): Promise<Buffer> {
  const [bytes] = await bucket.file(path).download();
  return bytes;
}

async function modelDoc(model = 'thermo-1'): Promise<Record<string, unknown> | undefined> {
  return (await firestore.doc(`${COLLECTIONS.models}/${model}`).get()).data();
}

/** Everything a refused release could have touched, to compare before and after. */
async function everything() {
  const releases = await firestore.collectionGroup(COLLECTIONS.releases).get();
  return {
    releases: releases.docs.map((doc) => [doc.ref.path, doc.updateTime.toMillis()]),
    models: (await firestore.collection(COLLECTIONS.models).get()).docs.map((doc) => [
      doc.id,
      doc.updateTime.toMillis(),
    ]),
    objects: await objectNames(''),
  };
}

async function expectRefused(promise: Promise<unknown>, message: string | RegExp): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(FirmwareRefusal);
  expect((error as Error).message).toMatch(message);
  expect((error as Error).message).not.toContain('\n');
}

describe('publishFirmwareRelease', () => {
  it('signs, uploads and records a release, and makes it the model’s latest', async () => {
    const bytes = image('1.4.0');
    const result = await release('1.4.0', {
      image: bytes,
      minFromVersion: '1.2.0',
      antiRollback: 3,
      notes: { en: 'Faster pairing', de: 'Schnelleres Koppeln' },
      expectedSize: bytes.length,
      expectedSha256: createHash('sha256').update(bytes).digest('hex'),
    });
    expect(result.outcome).toBe('released');

    const stored = await storedRelease('thermo-1', '1.4.0');
    expect(stored).toEqual({
      storagePath: 'firmware/thermo-1/1.4.0/image.bin',
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      signature: expect.stringMatching(/^[A-Za-z0-9+/]{86}==$/) as unknown,
      model: 'thermo-1',
      version: '1.4.0',
      minFromVersion: '1.2.0',
      antiRollback: 3,
      notes: { en: 'Faster pairing', de: 'Schnelleres Koppeln' },
      delta: null,
      releasedAt: T0,
      revokedAt: null,
    });
    expect(result.release).toEqual(stored);
    const model = await modelDoc();
    expect(model?.latestFirmware).toBe('1.4.0');
    expect((model?.releasedAt as Timestamp).toDate()).toEqual(T0);

    // What a gadget checks: the signature over the manifest, with the public key it embeds.
    const manifest = firmwareManifestBytes({
      model: 'thermo-1',
      version: '1.4.0',
      size: bytes.length,
      sha256: stored?.sha256 ?? '',
      minFromVersion: '1.2.0',
      antiRollback: 3,
      deltaFrom: null,
    });
    const signature = Buffer.from(stored?.signature ?? '', 'base64');
    expect(verify(null, manifest, createPublicKey(signingKey), signature)).toBe(true);
    expect(verifyGadgetReport(manifest, stored?.signature ?? '', publicKey)).toBe(true);
    const other = firmwareManifestBytes({
      model: 'thermo-1',
      version: '1.4.0',
      size: bytes.length,
      sha256: stored?.sha256 ?? '',
      minFromVersion: '0.0.0',
      antiRollback: 3,
      deltaFrom: null,
    });
    expect(verifyGadgetReport(other, stored?.signature ?? '', publicKey)).toBe(false);

    expect(await objectNames()).toEqual(['firmware/thermo-1/1.4.0/image.bin']);
    expect((await download('firmware/thermo-1/1.4.0/image.bin')).equals(bytes)).toBe(true);
    const [metadata] = await bucket.file('firmware/thermo-1/1.4.0/image.bin').getMetadata();
    expect(metadata.contentType).toBe('application/octet-stream');
  });

  it('takes defaults: any version may install it, the previous release’s counter, 0 first', async () => {
    expect((await release('1.0.0')).release).toMatchObject({
      minFromVersion: '0.0.0',
      antiRollback: 0,
      notes: {},
    });
    await release('1.1.0', { antiRollback: 4 });
    expect((await release('1.2.0')).release.antiRollback).toBe(4);
    expect((await release('1.3.0', { antiRollback: 5 })).release.antiRollback).toBe(5);
    expect((await modelDoc())?.latestFirmware).toBe('1.3.0');
  });

  it('is a no-op when run again with the same bytes, and refuses other bytes', async () => {
    await release('1.4.0', { antiRollback: 2 });
    const before = await everything();
    const again = await release('1.4.0', {}, LATER);
    expect(again.outcome).toBe('already-released');
    expect(again.release.releasedAt).toEqual(T0);
    const explicit = await release('1.4.0', { antiRollback: 2, minFromVersion: '0.0.0' }, LATER);
    expect(explicit.outcome).toBe('already-released');
    expect(await everything()).toEqual(before);

    await expectRefused(
      release('1.4.0', { image: image('other') }),
      'thermo-1 1.4.0 is already released with other bytes; a release never changes, release a newer version',
    );
    await expectRefused(
      release('1.4.0', { antiRollback: 3 }),
      'thermo-1 1.4.0 is already released with other --anti-rollback',
    );
    expect(await everything()).toEqual(before);
    expect((await download('firmware/thermo-1/1.4.0/image.bin')).equals(image('1.4.0'))).toBe(true);
  });

  it('records one release when the same release runs twice at once', async () => {
    const outcomes = await Promise.all([release('1.4.0'), release('1.4.0')]);
    expect(outcomes.map((result) => result.outcome).sort()).toEqual([
      'already-released',
      'released',
    ]);
    expect(await objectNames()).toEqual(['firmware/thermo-1/1.4.0/image.bin']);
    expect((await download('firmware/thermo-1/1.4.0/image.bin')).equals(image('1.4.0'))).toBe(true);
  });

  describe('refuses, writing nothing anywhere,', () => {
    beforeEach(async () => {
      await release('1.3.0', { antiRollback: 2 });
    });

    it.each<[string, () => Promise<unknown>, string | RegExp]>([
      [
        'a --size the file does not have',
        () => release('1.4.0', { expectedSize: 4095 }),
        'The image has 4096 bytes, not the 4095 --size gives',
      ],
      [
        'a --sha256 the file does not have',
        () => release('1.4.0', { expectedSha256: 'f'.repeat(64) }),
        /^The image's SHA-256 is [0-9a-f]{64}, not the f{64} --sha256 gives$/,
      ],
      [
        'a version that does not parse',
        () => release('1.4'),
        'version 1.4 is not a version such as 1.4.0',
      ],
      [
        'an unknown model',
        () => release('1.4.0', { model: 'toaster-9' }),
        'Unknown model toaster-9; the models are thermo-1, air-1',
      ],
      [
        'a version older than the newest release',
        () => release('1.2.9'),
        'thermo-1 1.2.9 is not newer than its newest release, 1.3.0',
      ],
      [
        'a counter lower than the previous release’s',
        () => release('1.4.0', { antiRollback: 1 }),
        "--anti-rollback 1 is lower than 1.3.0's 2; gadgets on it would refuse 1.4.0",
      ],
      [
        'a minimum version newer than the release',
        () => release('1.4.0', { minFromVersion: '1.5.0' }),
        '--min-from 1.5.0 is newer than 1.4.0',
      ],
      [
        'a delta from a version that was never released',
        () => release('1.4.0', { delta: { fromVersion: '1.2.0', bytes: image('d') } }),
        '--delta-from 1.2.0 is not a release of thermo-1 older than 1.4.0',
      ],
      [
        'a delta from a version below --min-from',
        () =>
          release('1.4.0', {
            minFromVersion: '1.3.1',
            delta: { fromVersion: '1.3.0', bytes: image('d') },
          }),
        '--delta-from 1.3.0 is older than --min-from 1.3.1: no gadget on it may install 1.4.0',
      ],
      ['an empty image', () => release('1.4.0', { image: Buffer.alloc(0) }), 'The image is empty'],
    ])('%s', async (_name, run, message) => {
      const before = await everything();
      await expectRefused(run(), message);
      expect(await everything()).toEqual(before);
      expect(await storedRelease('thermo-1', '1.4.0')).toBeUndefined();
      expect(await objectNames(storagePrefixes.firmware('thermo-1', '1.4.0'))).toEqual([]);
    });

    it('an object of other bytes already at the image’s path, which it leaves alone', async () => {
      const path = 'firmware/thermo-1/1.4.0/image.bin';
      await bucket.file(path).save(image('leftover'), { resumable: false });
      const before = await everything();
      await expectRefused(
        release('1.4.0'),
        `${path} already holds other bytes in ${cloud.storageBucket}; delete it if an interrupted release left it`,
      );
      expect(await everything()).toEqual(before);
      expect((await download(path)).equals(image('leftover'))).toBe(true);
    });
  });

  it('uploads and signs a delta from an older release', async () => {
    await release('1.3.0');
    const delta = image('delta', 512);
    const result = await release('1.4.0', {
      minFromVersion: '1.2.0',
      delta: { fromVersion: '1.3.0', bytes: delta },
    });
    const path = 'firmware/thermo-1/1.4.0/delta-from-1.3.0.bin';
    expect(result.release.delta).toEqual({
      storagePath: path,
      size: 512,
      sha256: createHash('sha256').update(delta).digest('hex'),
      signature: expect.stringMatching(/^[A-Za-z0-9+/]{86}==$/) as unknown,
      fromVersion: '1.3.0',
    });
    expect((await storedRelease('thermo-1', '1.4.0'))?.delta).toEqual(result.release.delta);
    expect((await download(path)).equals(delta)).toBe(true);
    const manifest = firmwareManifestBytes({
      model: 'thermo-1',
      version: '1.4.0',
      size: 512,
      sha256: result.release.delta?.sha256 ?? '',
      minFromVersion: '1.2.0',
      antiRollback: 0,
      deltaFrom: '1.3.0',
    });
    expect(verifyGadgetReport(manifest, result.release.delta?.signature ?? '', publicKey)).toBe(
      true,
    );
    expect(result.release.delta?.signature).not.toBe(result.release.signature);
  });
});

/** A gadget's `ota/current` in a rollout, as ingest would leave it. */
async function ota(deviceId: string, rolloutId: string, state: OtaState): Promise<void> {
  await firestore
    .doc(docPaths.otaCurrent(deviceId))
    .set(otaWith({ state, rolloutId, fromVersion: '1.3.0', updatedAt: T0 }));
}

async function storedRollout(id: string) {
  const snapshot = await firestore
    .doc(docPaths.rollout(id))
    .withConverter(schemaConverter(RolloutSchema))
    .get();
  return { rollout: snapshot.data(), updateTime: snapshot.updateTime?.toMillis() };
}

const STAGES = [1, 5, 25, 100];

describe('revokeFirmwareRelease', () => {
  it('revokes, aborts the release’s running rollout and moves latestFirmware back', async () => {
    await release('1.3.0', { antiRollback: 1 });
    await release('1.4.0');
    const { id } = await createRollout(
      firestore,
      { model: 'thermo-1', version: '1.4.0', stages: STAGES },
      T0,
    );

    const result = await revokeFirmwareRelease(
      firestore,
      { model: 'thermo-1', version: '1.4.0' },
      LATER,
    );
    expect(result).toEqual({ outcome: 'revoked', abortedRollouts: [id], latestFirmware: '1.3.0' });
    expect((await storedRelease('thermo-1', '1.4.0'))?.revokedAt).toEqual(LATER);
    expect((await storedRollout(id)).rollout).toMatchObject({
      state: 'aborted',
      stoppedBy: 'revocation',
      reason: 'release revoked',
      updatedAt: LATER,
      createdAt: T0,
    });
    const model = await modelDoc();
    expect(model?.latestFirmware).toBe('1.3.0');
    expect((model?.releasedAt as Timestamp).toDate()).toEqual(T0);
    // Gadgets that installed it keep running it: the image stays.
    expect(await objectNames()).toContain('firmware/thermo-1/1.4.0/image.bin');

    const before = await everything();
    const rolloutBefore = await storedRollout(id);
    expect(
      await revokeFirmwareRelease(firestore, { model: 'thermo-1', version: '1.4.0' }, new Date()),
    ).toEqual({ outcome: 'already-revoked', abortedRollouts: [], latestFirmware: '1.3.0' });
    expect(await everything()).toEqual(before);
    expect(await storedRollout(id)).toEqual(rolloutBefore);

    // A revoked version is never released again, nor rolled out.
    await expectRefused(release('1.4.0'), 'thermo-1 1.4.0 was revoked; release a newer version');
    await expectRefused(
      createRollout(firestore, { model: 'thermo-1', version: '1.4.0', stages: STAGES }),
      'thermo-1 1.4.0 was revoked',
    );
  });

  it('leaves other versions’ rollouts and removes latestFirmware when nothing is left', async () => {
    await release('1.3.0');
    await release('1.4.0');
    const { id } = await createRollout(firestore, {
      model: 'thermo-1',
      version: '1.4.0',
      stages: STAGES,
    });
    await revokeFirmwareRelease(firestore, { model: 'thermo-1', version: '1.3.0' });
    expect((await storedRollout(id)).rollout?.state).toBe('active');
    expect((await modelDoc())?.latestFirmware).toBe('1.4.0');

    await moveRollout(firestore, id, 'pause');
    const result = await revokeFirmwareRelease(firestore, { model: 'thermo-1', version: '1.4.0' });
    expect(result).toEqual({ outcome: 'revoked', abortedRollouts: [id], latestFirmware: null });
    expect((await storedRollout(id)).rollout).toMatchObject({
      state: 'aborted',
      stoppedBy: 'revocation',
    });
    const model = await modelDoc();
    expect(model).not.toHaveProperty('latestFirmware');
    expect(model).not.toHaveProperty('releasedAt');
  });

  it('refuses a release that does not exist', async () => {
    await expectRefused(
      revokeFirmwareRelease(firestore, { model: 'thermo-1', version: '9.9.9' }),
      'thermo-1 has no release 9.9.9',
    );
    expect(await everything()).toEqual({ releases: [], models: [], objects: [] });
  });
});

describe('rollouts', () => {
  beforeEach(async () => {
    await release('1.3.0');
    await release('1.4.0');
  });

  it('creates a rollout at its first stage, active, with the default gates', async () => {
    const { id, rollout } = await createRollout(
      firestore,
      { model: 'thermo-1', version: '1.4.0', stages: STAGES, gates: { soakHours: 12 } },
      T0,
    );
    expect(id).toMatch(/^[A-Za-z0-9]{20}$/);
    const expected = {
      model: 'thermo-1',
      version: '1.4.0',
      stages: STAGES,
      stageIndex: 0,
      stageStartedAt: T0,
      state: 'active',
      gates: {
        maxFailurePercent: 2,
        minAttempts: 50,
        maxSilentPercent: 1,
        silentHours: 24,
        soakHours: 12,
      },
      reason: null,
      stoppedBy: null,
      counts: null,
      createdAt: T0,
      updatedAt: T0,
    };
    expect(rollout).toEqual(expected);
    expect((await storedRollout(id)).rollout).toEqual(expected);
    // The one other write, on the document every firmware transaction of the model contends on.
    expect(((await modelDoc())?.rolloutCreatedAt as Timestamp).toDate()).toEqual(T0);
  });

  it('pauses, resumes (restarting the soak) and aborts, refusing wrong moves', async () => {
    const { id } = await createRollout(
      firestore,
      { model: 'thermo-1', version: '1.4.0', stages: STAGES },
      T0,
    );
    const paused = await moveRollout(firestore, id, 'pause', LATER);
    expect(paused).toMatchObject({
      state: 'paused',
      stoppedBy: 'operator',
      reason: 'paused by operator',
      updatedAt: LATER,
    });
    expect((await storedRollout(id)).rollout).toEqual(paused);

    const before = await storedRollout(id);
    await expectRefused(
      moveRollout(firestore, id, 'pause'),
      `Rollout ${id} is paused; only active rollouts can be paused`,
    );
    expect(await storedRollout(id)).toEqual(before);

    const resumedAt = new Date('2025-03-03T10:00:00.000Z');
    const resumed = await moveRollout(firestore, id, 'resume', resumedAt);
    expect(resumed).toMatchObject({
      state: 'active',
      stoppedBy: null,
      reason: null,
      stageStartedAt: resumedAt,
    });
    expect((await storedRollout(id)).rollout).toEqual(resumed);
    await expectRefused(
      moveRollout(firestore, id, 'resume'),
      `Rollout ${id} is active; only paused rollouts can be resumed`,
    );

    const aborted = await moveRollout(firestore, id, 'abort', resumedAt);
    expect(aborted).toMatchObject({
      state: 'aborted',
      stoppedBy: 'operator',
      reason: 'aborted by operator',
    });
    const final = await storedRollout(id);
    for (const action of ['pause', 'resume', 'abort'] as const) {
      await expectRefused(
        moveRollout(firestore, id, action),
        new RegExp(`^Rollout ${id} is aborted; only`),
      );
    }
    expect(await storedRollout(id)).toEqual(final);
    await expectRefused(moveRollout(firestore, 'nope', 'pause'), 'There is no rollout nope');
  });

  it('reports status with live counts from aggregation queries', async () => {
    const { id } = await createRollout(
      firestore,
      { model: 'thermo-1', version: '1.4.0', stages: STAGES },
      T0,
    );
    const states: OtaState[] = [
      'offered',
      'awaiting-approval',
      'downloading',
      'installing',
      'succeeded',
      'succeeded',
      'failed',
      'rolled-back',
      'withdrawn',
    ];
    await Promise.all(states.map((state, i) => ota(`d${String(i)}`, id, state)));
    await ota('elsewhere', 'another-rollout', 'failed');
    await moveRollout(firestore, id, 'pause', LATER);

    const status = await rolloutStatus(firestore, { rolloutId: id }, LATER);
    expect(status.live).toEqual({
      at: LATER,
      offered: 9,
      attempts: 6,
      succeeded: 2,
      failed: 2,
      silent: 0,
    });
    expect(await rolloutStatus(firestore, { model: 'thermo-1' }, LATER)).toEqual(status);
    expect(formatRolloutStatus(status).split('\n')).toEqual([
      `rollout    ${id}: thermo-1 1.4.0`,
      'state      paused (by operator: paused by operator)',
      "stage      1 of 4 (1, 5, 25, 100 %): 1% of the model's gadgets, since 2025-03-01T10:00:00.000Z",
      'gates      pause above 2% failed once 50 attempted, above 1% silent 24 h after installing; soak 24 h a stage',
      'now        9 offered, 6 attempted, 2 succeeded, 2 failed, 0 silent (33.3% of attempts failed)',
      'evaluated  never',
      '',
    ]);

    await moveRollout(firestore, id, 'abort');
    await expectRefused(
      rolloutStatus(firestore, { model: 'thermo-1' }),
      'thermo-1 has no active or paused rollout',
    );
    expect((await rolloutStatus(firestore, { rolloutId: id })).rollout.state).toBe('aborted');
  });

  describe('refuses to create, writing nothing,', () => {
    it.each<[string, () => Promise<unknown>, string]>([
      [
        'for an unknown model',
        () => createRollout(firestore, { model: 'toaster-9', version: '1.4.0', stages: STAGES }),
        'Unknown model toaster-9; the models are thermo-1, air-1',
      ],
      [
        'stages out of order',
        () => createRollout(firestore, { model: 'thermo-1', version: '1.4.0', stages: [1, 25, 5] }),
        '--stages must rise strictly; 5 follows 25',
      ],
      [
        'a stage above 100',
        () => createRollout(firestore, { model: 'thermo-1', version: '1.4.0', stages: [50, 101] }),
        '--stages must be percents above 0 (from 0.01) and at most 100; 101 is not',
      ],
      [
        'a bad gate',
        () =>
          createRollout(firestore, {
            model: 'thermo-1',
            version: '1.4.0',
            stages: STAGES,
            gates: { minAttempts: 0 },
          }),
        '--min-attempts must be a whole number from 1; 0 is not',
      ],
      [
        'a release that does not exist',
        () => createRollout(firestore, { model: 'thermo-1', version: '1.5.0', stages: STAGES }),
        'thermo-1 has no release 1.5.0; npm run firmware:release makes one',
      ],
      [
        'a release of another model',
        () => createRollout(firestore, { model: 'air-1', version: '1.4.0', stages: STAGES }),
        'air-1 has no release 1.4.0; npm run firmware:release makes one',
      ],
    ])('%s', async (_name, run, message) => {
      await expectRefused(run(), message);
      expect((await firestore.collection(COLLECTIONS.rollouts).get()).size).toBe(0);
    });

    it('while the model has an active or paused rollout', async () => {
      const { id } = await createRollout(firestore, {
        model: 'thermo-1',
        version: '1.3.0',
        stages: STAGES,
      });
      await expectRefused(
        createRollout(firestore, { model: 'thermo-1', version: '1.4.0', stages: STAGES }),
        `thermo-1 already has rollout ${id} of 1.3.0, active; abort it first`,
      );
      await moveRollout(firestore, id, 'pause');
      await expectRefused(
        createRollout(firestore, { model: 'thermo-1', version: '1.4.0', stages: STAGES }),
        `thermo-1 already has rollout ${id} of 1.3.0, paused; abort it first`,
      );
      expect((await firestore.collection(COLLECTIONS.rollouts).get()).size).toBe(1);

      // Another model's rollouts are its own; an aborted one is out of the way.
      await publishFirmwareRelease(firestore, bucket, {
        model: 'air-1',
        version: '2.0.0',
        image: image('air'),
        signingKey,
      });
      await createRollout(firestore, { model: 'air-1', version: '2.0.0', stages: [100] });
      await moveRollout(firestore, id, 'abort');
      await createRollout(firestore, { model: 'thermo-1', version: '1.4.0', stages: STAGES });
      expect((await firestore.collection(COLLECTIONS.rollouts).get()).size).toBe(3);
    });

    it('for all but one of two creates racing', async () => {
      const outcomes = await Promise.allSettled([
        createRollout(firestore, { model: 'thermo-1', version: '1.3.0', stages: STAGES }),
        createRollout(firestore, { model: 'thermo-1', version: '1.4.0', stages: STAGES }),
      ]);
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      const [refused] = outcomes.filter((outcome) => outcome.status === 'rejected');
      expect(refused?.reason).toBeInstanceOf(FirmwareRefusal);
      expect((refused?.reason as Error).message).toMatch(/^thermo-1 already has rollout /);
      expect((await firestore.collection(COLLECTIONS.rollouts).get()).size).toBe(1);
    });
  });
});
