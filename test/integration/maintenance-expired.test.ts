import { describe, expect, it } from 'vitest';
import { startProductCloud, sharedCloud } from '../helpers/product-cloud.ts';
import { DAY_MS, jobDoc, run } from './maintenance-fixtures.ts';

const cloud = sharedCloud(startProductCloud);

const NOW = new Date('2026-06-10T03:00:00Z');
/** Past TTL's "typically within 24 hours" by more than three days: for the job. */
const LONG_EXPIRED = new Date(NOW.getTime() - 4 * DAY_MS);
/** Expired, but TTL may still get to it: left alone. */
const RECENTLY_EXPIRED = new Date(NOW.getTime() - 2 * DAY_MS);

async function countGroup(group: string): Promise<number> {
  return (await cloud.firestore.collectionGroup(group).count().get()).data().count;
}

describe('expired documents', () => {
  it('deletes what expired more than 3 days ago in each TTL collection group, nothing else', async () => {
    const paths = {
      hours: 'devices/d1/hours/h',
      alerts: 'devices/d1/alerts/temp-high-1',
      notifications: 'users/u1/notifications/n',
      invites: 'invites/i',
      processedEvents: 'processedEvents/e',
      rateLimits: 'rateLimits/k',
    };
    for (const path of Object.values(paths)) {
      await cloud.firestore.doc(`${path}-old`).set({ expireAt: LONG_EXPIRED });
      await cloud.firestore.doc(`${path}-recent`).set({ expireAt: RECENTLY_EXPIRED });
      await cloud.firestore.doc(`${path}-live`).set({ expireAt: new Date(NOW.getTime() + DAY_MS) });
    }
    const result = await run({ now: NOW, tasks: ['expiredDocuments'] });
    expect(result.tasks.expiredDocuments).toEqual({ deleted: 6, fixed: 0, backlog: false });
    for (const path of Object.values(paths)) {
      expect((await cloud.firestore.doc(`${path}-old`).get()).exists).toBe(false);
      expect((await cloud.firestore.doc(`${path}-recent`).get()).exists).toBe(true);
      expect((await cloud.firestore.doc(`${path}-live`).get()).exists).toBe(true);
    }
    const job = await jobDoc(cloud);
    expect(job?.tasks).toMatchObject({ expiredDocuments: { deleted: 6, backlog: false } });
    expect(job?.cursors).toEqual({});
  });

  it('a dry run counts across pages and deletes nothing', async () => {
    const writer = cloud.firestore.bulkWriter();
    for (let i = 0; i < 25; i++) {
      void writer.set(cloud.firestore.doc(`devices/d1/hours/h${String(i)}`), {
        expireAt: LONG_EXPIRED,
      });
    }
    await writer.close();
    cloud.resetOps();
    const result = await run({ now: NOW, tasks: ['expiredDocuments'], dryRun: true, pageSize: 10 });
    expect(result.tasks.expiredDocuments?.deleted).toBe(25);
    expect(cloud.ops()).toMatchObject({ writes: 0, deletes: 0 });
    expect(await countGroup('hours')).toBe(25);
    expect(await jobDoc(cloud)).toBeUndefined();
  });

  it('finishes 50,000 expired hour documents over several budgeted runs, each deleted once', async () => {
    const DEVICES = 5;
    const PER_DEVICE = 10_000;
    const writer = cloud.firestore.bulkWriter({ throttling: false });
    for (let d = 0; d < DEVICES; d++) {
      for (let i = 0; i < PER_DEVICE; i++) {
        void writer.set(cloud.firestore.doc(`devices/dev${String(d)}/hours/h${String(i)}`), {
          // Spread over a day, so pages cut across devices and expiry times.
          expireAt: new Date(LONG_EXPIRED.getTime() - ((i * DEVICES + d) % 86_400) * 1000),
        });
      }
    }
    for (let i = 0; i < 20; i++) {
      void writer.set(cloud.firestore.doc(`devices/dev0/hours/keep${String(i)}`), {
        expireAt: RECENTLY_EXPIRED,
      });
    }
    await writer.close();
    expect(await countGroup('hours')).toBe(50_020);

    cloud.resetOps();
    const perRun: number[] = [];
    for (let runs = 0; runs < 10; runs++) {
      const result = await run({
        now: NOW,
        tasks: ['expiredDocuments'],
        pageSize: 1000,
        maxPagesPerRun: 15,
      });
      const outcome = result.tasks.expiredDocuments;
      perRun.push(outcome?.deleted ?? -1);
      const cursors = (await jobDoc(cloud))?.cursors as Record<string, unknown>;
      if (outcome?.backlog === false) {
        expect(cursors).toEqual({});
        break;
      }
      expect(cursors.expiredDocuments).toEqual({ group: 'hours' });
    }
    expect(perRun).toEqual([15_000, 15_000, 15_000, 5_000]);
    // Every reading deleted once; the one other delete per run is the released lease.
    expect(cloud.ops().deletes).toBe(50_000 + perRun.length);
    expect(await countGroup('hours')).toBe(20);
  }, 120_000);
});
