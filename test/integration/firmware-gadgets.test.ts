// Reference gadgets taking updates from local-cloud end to end: a download cut twice and resumed,
// a corrupted image and a release signed by another key ending in `failed` with nothing installed,
// a firmware that does not boot rolled back and never offered again, and a staged rollout pausing
// itself when half its gadgets roll back.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '@gadget/reference-gadget';
import type { GadgetEvent, GadgetFaults } from '@gadget/reference-gadget';
import { sharedCloud } from '../helpers/product-cloud.ts';
import { cloudWifiGadget } from '../helpers/cloud-gadgets.ts';
import type { CloudGadget } from '../helpers/cloud-gadgets.ts';
import { startTelemetryCloud } from '../helpers/telemetry.ts';
import { otaDoc, seedRelease, seedRollout, signingKey } from '../helpers/firmware.ts';
import type { SigningKey } from '../helpers/firmware.ts';

const cloud = sharedCloud(() => startTelemetryCloud({ MODEL_CACHE_SECONDS: '0' }));
const CHUNK = 64 * 1024;

type Gadget = CloudGadget;

const gadget = (key: SigningKey, options: { faults?: GadgetFaults; seed?: number } = {}) =>
  cloudWifiGadget(cloud, 'alice', {
    firmwarePublicKey: key.publicKey,
    faults: options.faults ?? {},
    random: seededRandom(options.seed ?? 7),
  });

/** Calls home until the update ends one way or the other (or `rounds` run out). */
async function untilSettled({ gadget: g }: Gadget, rounds = 12): Promise<void> {
  for (let round = 0; round < rounds; round += 1) {
    await g.syncOnce();
    await g.firmwareSettled();
    const state = g.status.ota.state;
    if (
      ['succeeded', 'failed', 'rolled-back', 'withdrawn'].includes(state) &&
      !g.status.ota.reportPending
    ) {
      return;
    }
  }
}

const downloads = (events: readonly GadgetEvent[]) =>
  events.filter(
    (event): event is Extract<GadgetEvent, { type: 'firmware-download' }> =>
      event.type === 'firmware-download',
  );

describe('a Wi-Fi reference gadget', () => {
  it('downloads a 300 KB image in 64 KiB ranges through two cuts, installs, and confirms on its next call', async () => {
    const key = signingKey();
    const release = await seedRelease(cloud, key, { version: '1.4.0', size: 300_000 });
    await seedRollout(cloud, { id: 'r1', version: '1.4.0', stages: [100] });
    const g = await gadget(key, { faults: { cutDownload: 0.5 }, seed: 2 });
    await untilSettled(g);
    expect(g.gadget.status.firmware).toBe('1.4.0');
    expect(await otaDoc(cloud, g.deviceId)).toMatchObject({ state: 'succeeded', progress: 100 });
    const ranges = downloads(g.events);
    const cuts = ranges.filter((event) => event.code === 'cut');
    expect(cuts).toHaveLength(2);
    const transferred = ranges.reduce((sum, event) => sum + event.bytes, 0);
    // Resumed, never restarted: at most the image plus the partial chunks the cuts interrupted.
    expect(transferred).toBeGreaterThanOrEqual(release.image.length);
    expect(transferred).toBeLessThan(release.image.length + cuts.length * CHUNK);
  });

  it('a corrupted image fails its sha256: nothing installed, and the version is not offered again', async () => {
    const key = signingKey();
    const release = await seedRelease(cloud, key, { version: '1.4.0', size: 100_000 });
    const corrupted = Buffer.from(release.image);
    corrupted[500] = (corrupted[500] ?? 0) ^ 0xff;
    await cloud.bucket.file('firmware/thermo-1/1.4.0/image.bin').save(corrupted);
    await seedRollout(cloud, { id: 'r1', version: '1.4.0', stages: [100] });
    const g = await gadget(key);
    await untilSettled(g);
    expect(g.gadget.status.firmware).toBe('1.2.0');
    expect(await otaDoc(cloud, g.deviceId)).toMatchObject({
      state: 'failed',
      error: 'sha256-mismatch',
      failedVersions: ['1.4.0'],
    });
    await g.gadget.syncOnce();
    expect(downloads(g.events).length).toBeGreaterThan(0);
    const before = downloads(g.events).length;
    await g.gadget.syncOnce();
    expect(downloads(g.events)).toHaveLength(before);
  });

  it('a release signed by another key fails before a byte is downloaded', async () => {
    const key = signingKey();
    await seedRelease(cloud, signingKey(), { version: '1.4.0', size: 10_000 });
    await seedRollout(cloud, { id: 'r1', version: '1.4.0', stages: [100] });
    const g = await gadget(key);
    await untilSettled(g);
    expect(g.gadget.status.firmware).toBe('1.2.0');
    expect(downloads(g.events)).toEqual([]);
    expect(await otaDoc(cloud, g.deviceId)).toMatchObject({
      state: 'failed',
      error: 'bad-signature',
    });
  });

  it('a firmware that does not boot is rolled back, reported, and never offered again', async () => {
    const key = signingKey();
    await seedRelease(cloud, key, { version: '1.4.0', size: 10_000 });
    await seedRollout(cloud, { id: 'r1', version: '1.4.0', stages: [100] });
    const g = await gadget(key, { faults: { failsToBoot: ['1.4.0'] } });
    await untilSettled(g);
    expect(g.gadget.status.firmware).toBe('1.2.0');
    expect(await otaDoc(cloud, g.deviceId)).toMatchObject({
      state: 'rolled-back',
      error: 'boot-failed',
      failedVersions: ['1.4.0'],
    });
  });
});

it('a staged rollout pauses itself when half its gadgets roll back', async () => {
  const key = signingKey();
  await seedRelease(cloud, key, { version: '1.4.0', size: 10_000 });
  await seedRollout(cloud, {
    id: 'r1',
    version: '1.4.0',
    stages: [100],
    gates: { minAttempts: 4, maxFailurePercent: 20 },
  });
  const fleet: Gadget[] = [];
  for (let i = 0; i < 6; i += 1) {
    fleet.push(
      await gadget(key, { faults: i % 2 === 0 ? { failsToBoot: ['1.4.0'] } : {}, seed: i }),
    );
  }
  for (const g of fleet) await untilSettled(g);
  expect(fleet.map((g) => g.gadget.status.firmware)).toEqual([
    '1.2.0',
    '1.4.0',
    '1.2.0',
    '1.4.0',
    '1.2.0',
    '1.4.0',
  ]);
  await cloud.runSchedule('rolloutEvaluator', new Date());
  await cloud.idle();
  const rollout = (await cloud.firestore.doc('rollouts/r1').get()).data();
  expect(rollout).toMatchObject({
    state: 'paused',
    stoppedBy: 'gate',
    counts: { attempts: 6, succeeded: 3, failed: 3 },
  });
  // A gadget that joins now is not offered it.
  const late = await gadget(key);
  await late.gadget.syncOnce();
  expect(late.gadget.status.ota.state).toBe('idle');
  expect(await otaDoc(cloud, late.deviceId)).toBeUndefined();
});
