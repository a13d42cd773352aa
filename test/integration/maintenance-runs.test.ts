import { describe, expect, it } from 'vitest';
import { runMaintenance } from '../../functions/src/services/maintenance/runner.ts';
import type { MaintenanceTask } from '../../functions/src/services/maintenance/task.ts';
import { startProductCloud, sharedCloud } from '../helpers/product-cloud.ts';
import { DAY_MS, jobDoc, run } from './maintenance-fixtures.ts';

const cloud = sharedCloud(startProductCloud);

const NOW = new Date('2026-06-10T03:00:00Z');
const deadline = () => new Date(Date.now() + 60_000);

async function seedExpired(count: number): Promise<void> {
  const writer = cloud.firestore.bulkWriter({ throttling: false });
  for (let i = 0; i < count; i++) {
    void writer.set(cloud.firestore.doc(`rateLimits/k${String(i)}`), {
      expireAt: new Date(NOW.getTime() - 5 * DAY_MS),
    });
  }
  await writer.close();
}

async function remaining(): Promise<number> {
  return (await cloud.firestore.collection('rateLimits').count().get()).data().count;
}

describe('runs', () => {
  it('of two concurrent runs, one proceeds and the other stands aside', async () => {
    await seedExpired(30);
    const options = { now: NOW, deadline: deadline(), tasks: ['expiredDocuments'] };
    const results = await Promise.all([
      runMaintenance({ ...options, holder: 'a' }),
      runMaintenance({ ...options, holder: 'b' }),
    ]);
    expect(results.filter((result) => result.ran)).toHaveLength(1);
    const refused = results.find((result) => !result.ran);
    expect(refused?.ran === false && ['a', 'b'].includes(refused.heldBy.holder)).toBe(true);
    expect(await remaining()).toBe(0);
    expect((await cloud.firestore.doc('jobs/nightly-lease').get()).exists).toBe(false);
  });

  it('a run killed part-way holds the lease until it expires; the next run resumes after it', async () => {
    await seedExpired(50);
    // The killed run: five (empty) groups and three pages of rateLimits done, cursor saved, then
    // nothing more, its lease left behind.
    await run({ now: NOW, tasks: ['expiredDocuments'], pageSize: 10, maxPagesPerRun: 8 });
    expect(await remaining()).toBe(20);
    expect((await jobDoc(cloud))?.cursors).toEqual({ expiredDocuments: { group: 'rateLimits' } });
    await cloud.firestore
      .doc('jobs/nightly-lease')
      .set({ holder: 'killed', expiresAt: new Date(Date.now() + 60_000) });
    const refused = await runMaintenance({ now: NOW, deadline: deadline(), pageSize: 10 });
    expect(refused).toMatchObject({ ran: false, heldBy: { holder: 'killed' } });
    expect(await remaining()).toBe(20);

    await cloud.firestore
      .doc('jobs/nightly-lease')
      .set({ holder: 'killed', expiresAt: new Date(Date.now() - 1) });
    const resumed = await run({ now: NOW, tasks: ['expiredDocuments'], pageSize: 10 });
    expect(resumed.tasks.expiredDocuments).toEqual({ deleted: 20, fixed: 0, backlog: false });
    expect(await remaining()).toBe(0);
  });

  it('retries a failed page, and a failing task does not stop the next', async () => {
    let attempts = 0;
    const flaky: MaintenanceTask = {
      name: 'flaky',
      run: async (context) => {
        await context.page(
          () => {
            attempts++;
            if (attempts === 1) throw new Error('transient');
            context.counts.deleted += 1;
            return Promise.resolve();
          },
          () => null,
        );
        return true;
      },
    };
    const broken: MaintenanceTask = {
      name: 'broken',
      run: () => Promise.reject(new Error('always fails')),
    };
    const after: MaintenanceTask = {
      name: 'after',
      run: (context) => {
        context.counts.fixed += 2;
        return Promise.resolve(true);
      },
    };
    const result = await run({ now: NOW, taskList: [flaky, broken, after] });
    expect(result.tasks).toEqual({
      flaky: { deleted: 1, fixed: 0, backlog: false },
      broken: { deleted: 0, fixed: 0, backlog: true, error: 'always fails' },
      after: { deleted: 0, fixed: 2, backlog: false },
    });
    expect(attempts).toBe(2);
    expect((await jobDoc(cloud))?.tasks).toMatchObject({
      broken: { error: 'always fails' },
      after: { fixed: 2 },
    });
  });
});
