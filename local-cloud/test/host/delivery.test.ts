import { status } from '@grpc/grpc-js';
import { describe, expect, it, vi } from 'vitest';
import { outcomes, recorded, useFixtureCloud } from './fixture-cloud.ts';
import type { FixtureCloud } from './fixture-cloud.ts';

// The test cloud allows 4 attempts for functions that declare `retry`.
const MAX_ATTEMPTS = 4;

/** Generous, for a loaded machine; the waits end as soon as the condition holds. */
const WAIT = { timeout: 5_000, interval: 50 };

let t: FixtureCloud;

useFixtureCloud((cloud) => {
  t = cloud;
});

async function attempts(key: string): Promise<number> {
  const snapshot = await t.firestore.doc(`attempts/${key}`).get();
  return Number(snapshot.get('count') ?? 0);
}

describe('retries', () => {
  it('retry a failing function that declares retry until it succeeds', async () => {
    await t.firestore.doc('flaky/f1').set({ failTimes: 2 });
    await t.idle();

    expect(await attempts('flaky-f1')).toBe(3);
    const successes = await recorded(t, 'flaky');
    expect(successes).toHaveLength(1);
    expect(successes[0]?.summary).toEqual({ attempt: 3 });
    expect(outcomes(t, 'flaky')).toEqual(['failed-will-retry', 'failed-will-retry', 'delivered']);

    const log = t.cloud.deliveries.filter((entry) => entry.functionName === 'flaky');
    expect(log.map((entry) => entry.attempt)).toEqual([1, 2, 3]);
    expect(new Set(log.map((entry) => entry.eventId))).toEqual(new Set([successes[0]?.eventId]));
    expect(log[0]?.error).toContain('flaky fails attempt 1 of 2');
  });

  it('give up on a function that declares retry after the maximum attempts', async () => {
    await t.firestore.doc('flaky/f2').set({ failTimes: 1000 });
    await t.idle();

    expect(await attempts('flaky-f2')).toBe(MAX_ATTEMPTS);
    expect(await recorded(t, 'flaky')).toEqual([]);
    expect(outcomes(t, 'flaky')).toEqual([
      ...Array<string>(MAX_ATTEMPTS - 1).fill('failed-will-retry'),
      'gave-up',
    ]);
  });

  it('attempt a function without retry once and give up', async () => {
    await t.firestore.doc('neverRetried/n1').set({});
    await t.idle();

    expect(await attempts('neverRetried-n1')).toBe(1);
    expect(outcomes(t, 'neverRetried')).toEqual(['gave-up']);
    expect(t.cloud.deliveries.find((entry) => entry.functionName === 'neverRetried')).toMatchObject(
      { attempt: 1, error: expect.stringContaining('neverRetried always fails') as unknown },
    );
  });

  it('retry a function whose own write fails with an injected INTERNAL, then succeed', async () => {
    // Held back so that the fault hits the function's write, not this test's.
    t.cloud.configureDelivery({ delayMs: 100 });
    await t.firestore.doc('copyInput/c1').set({ value: 'v1' });
    t.cloud.firestoreServer.failNext('Commit', status.INTERNAL, 1);
    await t.idle();

    expect((await t.firestore.doc('copyOutput/c1').get()).data()).toEqual({ value: 'v1' });
    expect(await recorded(t, 'copyToOutput')).toHaveLength(1);
    expect(outcomes(t, 'copyToOutput')).toEqual(['failed-will-retry', 'delivered']);
    expect(
      t.cloud.deliveries.find((entry) => entry.functionName === 'copyToOutput')?.error,
    ).toContain('Injected fault on Commit');
  });

  it('leave an injected UNAVAILABLE on Commit to the SDK, which retries it itself', async () => {
    t.cloud.configureDelivery({ delayMs: 100 });
    await t.firestore.doc('copyInput/c2').set({ value: 'v2' });
    t.cloud.firestoreServer.failNext('Commit', status.UNAVAILABLE, 1);
    await t.idle();

    expect((await t.firestore.doc('copyOutput/c2').get()).data()).toEqual({ value: 'v2' });
    expect(outcomes(t, 'copyToOutput')).toEqual(['delivered']);
  });
});

describe('delivery switches', () => {
  it('deliver every event twice with the same id when asked', async () => {
    t.cloud.configureDelivery({ deliverTwice: true });
    await t.firestore.doc('items/twice').set({ n: 1 });
    await t.idle();

    const created = await recorded(t, 'onItemCreated');
    expect(created).toHaveLength(2);
    expect(created[0]?.eventId).toBe(created[1]?.eventId);
    expect(outcomes(t, 'onItemCreated')).toEqual(['delivered', 'delivered']);
  });

  it('deliver in write order by default, newest first when reversed', async () => {
    await t.firestore.doc('items/A').set({ n: 1 });
    await t.firestore.doc('items/B').set({ n: 2 });
    await t.idle();
    expect((await recorded(t, 'onItemCreated')).map((d) => d.params.itemId)).toEqual(['A', 'B']);

    await t.reset();
    t.cloud.configureDelivery({ reverseOrder: true });
    await t.firestore.doc('items/A').set({ n: 1 });
    await t.firestore.doc('items/B').set({ n: 2 });
    await t.idle();
    expect((await recorded(t, 'onItemCreated')).map((d) => d.params.itemId)).toEqual(['B', 'A']);
  });

  it('release held events after a quiet spell without idle()', async () => {
    t.cloud.configureDelivery({ reverseOrder: true });
    await t.firestore.doc('items/C').set({ n: 1 });
    await t.firestore.doc('items/D').set({ n: 2 });

    await vi.waitFor(async () => {
      expect(await recorded(t, 'onItemCreated')).toHaveLength(2);
    }, WAIT);
    expect((await recorded(t, 'onItemCreated')).map((d) => d.params.itemId)).toEqual(['D', 'C']);
  });

  it('release held events newest first when the switch is turned off', async () => {
    t.cloud.configureDelivery({ reverseOrder: true });
    await t.firestore.doc('items/E').set({ n: 1 });
    await t.firestore.doc('items/F').set({ n: 2 });
    t.cloud.configureDelivery({ reverseOrder: false });
    await t.firestore.doc('items/G').set({ n: 3 });
    await t.idle();

    expect((await recorded(t, 'onItemCreated')).map((d) => d.params.itemId)).toEqual([
      'F',
      'E',
      'G',
    ]);
  });

  it('delay deliveries, and idle() waits for them', async () => {
    t.cloud.configureDelivery({ delayMs: 200 });
    await t.firestore.doc('items/late').set({ n: 1 });

    expect(await recorded(t)).toEqual([]);
    await t.idle();
    expect((await recorded(t)).map((d) => d.fn).sort()).toEqual(['onItemCreated', 'onItemWritten']);
  });
});

describe('idle()', () => {
  it('resolves only after events caused by other deliveries are done', async () => {
    t.cloud.configureDelivery({ delayMs: 30 });
    await t.firestore.doc('chain/c1').set({});
    await t.idle();

    expect((await recorded(t)).map((d) => d.fn)).toEqual(['chainStart', 'chainEnd']);
    expect((await recorded(t, 'chainEnd'))[0]?.summary).toEqual({ from: 'c1' });
  });

  it('waits for pending retries', async () => {
    await t.firestore.doc('flaky/f3').set({ failTimes: 1 });
    await t.idle();
    expect(outcomes(t, 'flaky')).toEqual(['failed-will-retry', 'delivered']);
  });
});
