// The backstops across accounts: many accounts guessing at once, each within its own limit, are
// still held to the callable's budget per minute (GLOBAL_GUESS_LIMIT_PER_MINUTE, lowered here).
import { describe, expect, it } from 'vitest';
import { startProductCloud, sharedCloud } from '../helpers/product-cloud.ts';
import { claimedDevice, count, deviceDoc } from '../helpers/devices.ts';

const cloud = sharedCloud(() =>
  startProductCloud({
    functionsEnv: { GLOBAL_GUESS_LIMIT_PER_MINUTE: '20', GLOBAL_CALL_LIMIT_PER_MINUTE: '20' },
  }),
);

const parallel = (n: number, call: (i: number) => Promise<unknown>) =>
  Promise.allSettled(Array.from({ length: n }, (_, i) => call(i)));

function codes(results: readonly PromiseSettledResult<unknown>[]): string[] {
  return results.map((r) =>
    r.status === 'fulfilled' ? 'ok' : (r.reason as { code: string }).code,
  );
}

describe('finding 4: a global backstop per callable', () => {
  it('60 accounts guessing one invite code each: at most 20 guesses are tried', async () => {
    const { deviceId } = await claimedDevice(cloud, 'alice');
    const before = await deviceDoc(cloud, deviceId);
    const answers = codes(
      await parallel(60, (i) =>
        cloud.call(
          'acceptInvite',
          { code: `GUESS${String(1000 + i)}` },
          { uid: `bot-${String(i)}` },
        ),
      ),
    );
    expect(answers.filter((c) => c === 'not-found').length).toBeLessThanOrEqual(20);
    expect(answers.filter((c) => c === 'resource-exhausted').length).toBeGreaterThanOrEqual(40);
    expect(answers.filter((c) => c !== 'not-found' && c !== 'resource-exhausted')).toEqual([]);
    expect(await deviceDoc(cloud, deviceId)).toEqual(before);
  });

  it('60 accounts each guessing a claim: at most 20 are tried', async () => {
    const answers = codes(
      await parallel(60, (i) =>
        cloud.call(
          'claimDevice',
          { serial: `GDG-${String(800_000 + i)}`, claimCode: 'ABCD-EFGH-JKMN' },
          { uid: `bot-${String(i)}` },
        ),
      ),
    );
    expect(answers.filter((c) => c === 'not-found').length).toBeLessThanOrEqual(20);
    expect(answers.filter((c) => c === 'resource-exhausted').length).toBeGreaterThanOrEqual(40);
    expect(await count(cloud, 'devices')).toBe(0);
  });

  it('60 accounts creating invites for their devices: at most 20 are created', async () => {
    const devices = await Promise.all(
      Array.from({ length: 60 }, (_, i) => claimedDevice(cloud, `user-${String(i)}`)),
    );
    const answers = codes(
      await parallel(60, (i) =>
        cloud.call(
          'createInvite',
          { deviceId: devices[i]?.deviceId, role: 'viewer' },
          { uid: `user-${String(i)}` },
        ),
      ),
    );
    expect(answers.filter((c) => c === 'ok').length).toBeLessThanOrEqual(20);
    const invites = (await cloud.firestore.collection('invites').count().get()).data().count;
    expect(invites).toBe(answers.filter((c) => c === 'ok').length);
  });
});
