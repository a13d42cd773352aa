// The rollout evaluator: stages grow by a deterministic hash (raising one only adds gadgets), a
// stage advances after its soak, and a rollout pauses itself when failures or silent installs
// cross a gate once enough gadgets attempted it; counted by aggregation queries, a few reads a run.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Rollout } from '@gadget/shared';
import { rolloutBucket } from '../../functions/src/services/firmware/membership.ts';
import { rolloutWith } from '../../functions/src/test-fixtures/rollout.ts';
import { sharedCloud } from '../helpers/product-cloud.ts';
import { rotateKey, startTelemetryCloud, telemetryDevice } from '../helpers/telemetry.ts';
import { gadgetCall } from '../helpers/control.ts';
import { otaDoc, seedRelease, seedRollout, signingKey } from '../helpers/firmware.ts';

const cloud = sharedCloud(() => startTelemetryCloud({ MODEL_CACHE_SECONDS: '0' }));

const HOUR = 3_600_000;

interface Gadget {
  readonly deviceId: string;
  readonly key: string;
}

let gadgets: Gadget[];

async function fleet(n: number): Promise<Gadget[]> {
  const made: Gadget[] = [];
  for (let i = 0; i < n; i += 1) {
    const device = await telemetryDevice(cloud, 'alice');
    made.push({ deviceId: device.deviceId, key: await rotateKey(cloud, device) });
  }
  return made;
}

const call = (gadget: Gadget, body: Record<string, unknown>) =>
  gadgetCall(cloud, gadget.deviceId, gadget.key, { firmware: '1.2.0', ...body });

async function offeredIds(): Promise<string[]> {
  const ids: string[] = [];
  for (const gadget of gadgets) {
    if ((await call(gadget, {})).firmware !== undefined) ids.push(gadget.deviceId);
  }
  return ids.sort();
}

const report = (gadget: Gadget, state: string, extra: Record<string, unknown> = {}) =>
  call(gadget, { ota: { rolloutId: 'r1', version: '1.4.0', state, ...extra } });

async function rollout(): Promise<Rollout & { counts: Record<string, unknown> | null }> {
  const data = (await cloud.firestore.doc('rollouts/r1').get()).data() ?? {};
  return data as Rollout & { counts: Record<string, unknown> | null };
}

beforeEach(async () => {
  await seedRelease(cloud, signingKey(), { version: '1.4.0', size: 1000 });
  gadgets = await fleet(10);
});

describe('stages', () => {
  it('offer by the rollout’s hash; after the soak the next stage only adds gadgets', async () => {
    const startedAt = new Date();
    await seedRollout(cloud, {
      id: 'r1',
      version: '1.4.0',
      stages: [20, 60, 100],
      stageStartedAt: startedAt,
    });
    const within = (percent: number) =>
      gadgets
        .filter((g) => rolloutBucket('r1', g.deviceId) < percent * 100)
        .map((g) => g.deviceId)
        .sort();
    expect(await offeredIds()).toEqual(within(20));

    // Before the soak ends the stage holds; the counts are recorded.
    await cloud.runSchedule('rolloutEvaluator', new Date(startedAt.getTime() + 23 * HOUR));
    await cloud.idle();
    expect(await rollout()).toMatchObject({ stageIndex: 0, state: 'active' });
    expect((await rollout()).counts).toMatchObject({
      offered: within(20).length,
      attempts: 0,
      failed: 0,
    });

    await cloud.runSchedule('rolloutEvaluator', new Date(startedAt.getTime() + 25 * HOUR));
    await cloud.idle();
    expect(await rollout()).toMatchObject({ stageIndex: 1, state: 'active' });
    expect((await cloud.firestore.doc('models/thermo-1').get()).get('rollout.percent')).toBe(60);
    const second = await offeredIds();
    expect(second).toEqual(within(60));
    expect(second).toEqual(expect.arrayContaining(within(20)));

    // A repeated run at the same time changes nothing more.
    await cloud.runSchedule('rolloutEvaluator', new Date(startedAt.getTime() + 25 * HOUR));
    await cloud.idle();
    expect((await rollout()).stageIndex).toBe(1);
  });

  it('a run costs its query, five counts and one write', async () => {
    await seedRollout(cloud, { id: 'r1', version: '1.4.0', stages: [100] });
    await offeredIds();
    await cloud.idle();
    cloud.resetOps();
    await cloud.runSchedule('rolloutEvaluator', new Date());
    // The active rollouts (one), five aggregations of under 1,000 entries, the re-read; the counts.
    expect(cloud.ops()).toEqual({ reads: 1 + 5 + 1, writes: 1, deletes: 0 });
    await cloud.idle();
  });
});

describe('gates', () => {
  beforeEach(async () => {
    await seedRollout(cloud, {
      id: 'r1',
      version: '1.4.0',
      stages: [100],
      gates: { minAttempts: 5, maxFailurePercent: 20, maxSilentPercent: 10, silentHours: 24 },
    });
    await offeredIds();
  });

  it('too few attempts say nothing: two failures of three do not pause it', async () => {
    const [a, b, c] = gadgets as [Gadget, Gadget, Gadget];
    await report(a, 'failed', { error: 'sha256-mismatch' });
    await report(b, 'failed', { error: 'sha256-mismatch' });
    await report(c, 'downloading');
    await cloud.runSchedule('rolloutEvaluator', new Date());
    await cloud.idle();
    expect(await rollout()).toMatchObject({ state: 'active', counts: { attempts: 3, failed: 2 } });
  });

  it('failures over the gate pause the rollout by itself: no new offers, a reason, the model follows', async () => {
    for (const gadget of gadgets.slice(0, 6)) await report(gadget, 'downloading');
    for (const gadget of gadgets.slice(0, 2))
      await report(gadget, 'failed', { error: 'bad-signature' });
    await cloud.runSchedule('rolloutEvaluator', new Date());
    await cloud.idle();
    const paused = await rollout();
    expect(paused).toMatchObject({
      state: 'paused',
      stoppedBy: 'gate',
      counts: { attempts: 6, failed: 2 },
    });
    expect(paused.reason).toMatch(/33\.3 % of 6 attempts failed \(gate: 20 %\)/);
    expect((await cloud.firestore.doc('models/thermo-1').get()).get('rollout.state')).toBe(
      'paused',
    );
    // A gadget offered but not started gets nothing now; one downloading goes on.
    const notStarted = gadgets[9] as Gadget;
    expect((await otaDoc(cloud, notStarted.deviceId))?.state).toBe('offered');
    expect((await call(notStarted, {})).firmware).toBeUndefined();
    expect((await call(gadgets[3] as Gadget, {})).firmware?.version).toBe('1.4.0');
  });

  it('gadgets silent a day after installing pause it too', async () => {
    for (const gadget of gadgets.slice(0, 5)) await report(gadget, 'installing');
    await cloud.runSchedule('rolloutEvaluator', new Date(Date.now() + 1 * HOUR));
    await cloud.idle();
    expect((await rollout()).state).toBe('active');
    await cloud.runSchedule('rolloutEvaluator', new Date(Date.now() + 25 * HOUR));
    await cloud.idle();
    const paused = await rollout();
    expect(paused).toMatchObject({ state: 'paused', stoppedBy: 'gate', counts: { silent: 5 } });
    expect(paused.reason).toMatch(/silent 24 h after installing/);
  });

  it('a rollout an operator paused is left alone, whatever its soak', async () => {
    await cloud.firestore.doc('rollouts/r1').update({ state: 'paused', stoppedBy: 'operator' });
    await cloud.idle();
    await cloud.runSchedule('rolloutEvaluator', new Date(Date.now() + 48 * HOUR));
    await cloud.idle();
    expect(await rollout()).toMatchObject({ state: 'paused', stoppedBy: 'operator', counts: null });
  });
});

describe('onRolloutWritten', () => {
  const summary = async () =>
    (await cloud.firestore.doc('models/thermo-1').get()).get('rollout') as
      { id: string; state: string; percent: number } | null | undefined;

  it('delivered twice, writes the same summary', async () => {
    cloud.cloud.configureDelivery({ deliverTwice: true });
    await seedRollout(cloud, { id: 'r1', version: '1.4.0', stages: [5, 100] });
    cloud.cloud.configureDelivery({ deliverTwice: false });
    expect(await summary()).toMatchObject({ id: 'r1', state: 'active', percent: 5 });
  });

  it('events out of order: the rollout as it is now wins', async () => {
    // The create's event is delivered after the abort has been written: both read the rollout
    // again, so neither brings back an aborted rollout's offers.
    cloud.cloud.configureDelivery({ delayMs: 300 });
    await cloud.firestore.doc('rollouts/r1').set(rolloutWith({ createdAt: new Date() }));
    await cloud.firestore.doc('rollouts/r1').update({ state: 'aborted', stoppedBy: 'operator' });
    await cloud.idle();
    cloud.cloud.configureDelivery({ delayMs: 0 });
    expect(await summary()).toBeFalsy();
    expect((await call(gadgets[0] as Gadget, {})).firmware).toBeUndefined();
  });

  it('a second rollout of the model waits for the first to end, then takes over', async () => {
    await seedRollout(cloud, { id: 'r1', version: '1.4.0', stages: [100] });
    await seedRelease(cloud, signingKey(), { version: '1.5.0', size: 1000 });
    await seedRollout(cloud, { id: 'r2', version: '1.5.0', stages: [100] });
    expect(await summary()).toMatchObject({ id: 'r1' });
    // Ending r1 hands the model to r2.
    await cloud.firestore.doc('rollouts/r1').update({ state: 'aborted' });
    await cloud.idle();
    expect(await summary()).toMatchObject({ id: 'r2', state: 'active' });
  });
});
