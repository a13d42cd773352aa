// Schedules firing: local-cloud's Cloud Scheduler sends the job's HTTP target to runSchedule, which
// sends the reminder through the notification service once per scheduled time.
import { describe, expect, it } from 'vitest';
import { CreateScheduleResponseSchema } from '@gadget/shared';
import { reconcileSchedules } from '../../functions/src/services/schedules/reconcile.ts';
import { startProductCloud, sharedCloud } from '../helpers/product-cloud.ts';
import { deliveredTokens, inbox, seedDevice, seedProfile, seedTokens } from './push-fixtures.ts';

const cloud = sharedCloud(() =>
  startProductCloud({ functionsEnv: { APP_CHECK_ENFORCED: 'false' } }),
);

const as = (uid: string) => ({ uid });
const scheduler = () => cloud.cloud.schedulerServer;

async function create(uid: string, extra: Record<string, unknown> = {}) {
  return CreateScheduleResponseSchema.parse(
    await cloud.call(
      'createSchedule',
      {
        kind: 'reminder',
        cron: '0 9 * * *',
        timeZone: 'Europe/Berlin',
        message: 'Feed the cat',
        ...extra,
      },
      as(uid),
    ),
  ).schedule;
}

const jobNameOf = (id: string) =>
  `projects/${cloud.projectId}/locations/us-central1/jobs/gadget-schedule-${id}`;

describe('runSchedule', () => {
  it('sends the reminder to the owner’s inbox and phones', async () => {
    await seedProfile(cloud, 'alice');
    const [token] = await seedTokens(cloud, 'alice', 1);
    await seedDevice(cloud, 'dev1', ['alice'], { name: 'Kitchen' });
    const { id } = await create('alice', { deviceId: 'dev1' });
    const attempt = await scheduler().runJob(jobNameOf(id), new Date('2026-03-02T08:00:00Z'));
    expect(attempt.status).toBe(200);
    const entries = Object.values(await inbox(cloud, 'alice'));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kind: 'reminder', deviceId: 'dev1' });
    expect(deliveredTokens(cloud)).toEqual([token]);
  });

  it('delivered twice for one scheduled time sends once; the next time sends again', async () => {
    await seedProfile(cloud, 'alice');
    await seedTokens(cloud, 'alice', 2);
    const { id } = await create('alice');
    const at = new Date('2026-03-02T08:00:00Z');
    const together = await Promise.all([
      scheduler().runJob(jobNameOf(id), at),
      scheduler().runJob(jobNameOf(id), at),
    ]);
    // The one that loses the claim answers 409, which Cloud Scheduler retries.
    expect(together.map((a) => a.status).sort()).toEqual(
      together.some((a) => a.status === 409) ? [200, 409] : [200, 200],
    );
    expect((await scheduler().runJob(jobNameOf(id), at)).status).toBe(200);
    expect(Object.keys(await inbox(cloud, 'alice'))).toHaveLength(1);
    expect(deliveredTokens(cloud)).toHaveLength(2);
    const marker = await cloud.firestore
      .doc(`processedEvents/schedule-${id}-${String(at.getTime() / 1000)}`)
      .get();
    expect(marker.exists).toBe(true);

    await scheduler().runJob(jobNameOf(id), new Date('2026-03-03T08:00:00Z'));
    expect(Object.keys(await inbox(cloud, 'alice'))).toHaveLength(2);
    expect(deliveredTokens(cloud)).toHaveLength(4);
  });

  it('fires enabled jobs when due by their cron and time zone; a paused one does not fire', async () => {
    await seedProfile(cloud, 'alice');
    const active = await create('alice');
    const paused = await create('alice', { cron: '0 10 * * *' });
    await cloud.call('updateSchedule', { scheduleId: paused.id, paused: true }, as('alice'));
    const dayAfter = new Date(Date.now() + 2 * 86_400_000);
    const fired = await scheduler().fireDue(dayAfter);
    expect(fired.map((a) => a.name)).toEqual([jobNameOf(active.id)]);
    // 09:00 in Berlin is 07:00 or 08:00 UTC.
    expect(fired[0]?.scheduleTime).toMatch(/T0[78]:00:00\.000Z$/);
    expect(fired[0]?.scheduleTime).toBe(active.nextRunAt);
    expect(Object.values(await inbox(cloud, 'alice'))).toHaveLength(1);
    // Due again only at the next run.
    expect(await scheduler().fireDue(dayAfter)).toEqual([]);
  });

  it('a paused schedule sends nothing even when its job is forced to run', async () => {
    await seedProfile(cloud, 'alice');
    const { id } = await create('alice');
    await cloud.call('updateSchedule', { scheduleId: id, paused: true }, as('alice'));
    expect((await scheduler().runJob(jobNameOf(id))).status).toBe(200);
    expect(await inbox(cloud, 'alice')).toEqual({});
  });

  it('refuses a body without a schedule id', async () => {
    const response = await fetch(`${cloud.functionsUrl}/runSchedule`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ nope: true }),
    });
    expect(response.status).toBe(400);
  });
});

describe('schedule clean-up', () => {
  it('deleting the account deletes the user’s jobs', async () => {
    await seedProfile(cloud, 'alice');
    await create('alice');
    await create('alice', { cron: '0 11 * * *' });
    const bobs = await create('bob');
    await cloud.call('deleteAccount', {}, as('alice'));
    expect(
      scheduler()
        .jobs()
        .map((job) => job.name),
    ).toEqual([jobNameOf(bobs.id)]);
  });
});

describe('reconcileSchedules', () => {
  it('recreates missing jobs and deletes orphans; a dry run only counts', async () => {
    const kept = await create('alice');
    const lost = await create('alice', { cron: '0 12 * * *' });
    // Old enough not to be mid-creation.
    const later = new Date(Date.now() + 3_600_000);
    await cloud.firestore.doc(`schedules/${kept.id}`).delete();
    // The job of `lost` goes missing behind our back.
    process.env.LOCAL_CLOUD_SCHEDULER_ENDPOINT = cloud.cloud.schedulerServer.address;
    process.env.GCLOUD_PROJECT = cloud.projectId;
    const { deleteJobNamed } = await import('../../functions/src/services/schedules/jobs.ts');
    await deleteJobNamed(jobNameOf(lost.id));

    expect(await reconcileSchedules(later, { dryRun: true })).toEqual({ recreated: 1, deleted: 1 });
    expect(
      scheduler()
        .jobs()
        .map((job) => job.name),
    ).toEqual([jobNameOf(kept.id)]);
    expect(await reconcileSchedules(later, { dryRun: false })).toEqual({
      recreated: 1,
      deleted: 1,
    });
    expect(
      scheduler()
        .jobs()
        .map((job) => job.name),
    ).toEqual([jobNameOf(lost.id)]);
    expect(await reconcileSchedules(later, { dryRun: false })).toEqual({
      recreated: 0,
      deleted: 0,
    });
  });
});

describe('releaseDevice', () => {
  it('deletes the reminders about the device and their jobs, and no others', async () => {
    await seedDevice(cloud, 'dev1', ['alice', 'bob']);
    await create('bob', { deviceId: 'dev1' });
    const other = await create('alice');
    await cloud.call('releaseDevice', { deviceId: 'dev1' }, as('alice'));
    expect(
      scheduler()
        .jobs()
        .map((job) => job.name),
    ).toEqual([jobNameOf(other.id)]);
    const left = await cloud.firestore.collection('schedules').get();
    expect(left.docs.map((doc) => doc.id)).toEqual([other.id]);
  });
});
