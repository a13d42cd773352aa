// Schedules on Cloud Scheduler (local-cloud's gRPC service, reached by the real client): what each
// callable does to the job and the document, and that Scheduler failures leave nothing half-done.
import { status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { CreateScheduleResponseSchema, ListSchedulesResponseSchema } from '@gadget/shared';
import { startProductCloud, sharedCloud } from '../helpers/product-cloud.ts';
import { seedDevice, seedProfile } from './push-fixtures.ts';

const cloud = sharedCloud(() =>
  startProductCloud({ functionsEnv: { APP_CHECK_ENFORCED: 'false' } }),
);

const as = (uid: string) => ({ uid });
const REMINDER = {
  kind: 'reminder',
  cron: '30 8 * * 1-5',
  timeZone: 'Europe/Paris',
  message: 'Water the plants',
};

async function create(uid: string, extra: Record<string, unknown> = {}) {
  return CreateScheduleResponseSchema.parse(
    await cloud.call('createSchedule', { ...REMINDER, ...extra }, as(uid)),
  ).schedule;
}

const jobs = () => cloud.cloud.schedulerServer.jobs();
const scheduleCount = async () =>
  (await cloud.firestore.collection('schedules').count().get()).data().count;

describe('createSchedule', () => {
  it('creates the document and a job that POSTs to runSchedule with an OIDC token', async () => {
    await seedProfile(cloud, 'alice');
    const schedule = await create('alice');
    expect(schedule).toMatchObject({ kind: 'reminder', paused: false, deviceId: null });
    // 08:30 Paris on a weekday: 06:30 or 07:30 UTC.
    expect(schedule.nextRunAt).toMatch(/T0[67]:30:00/);
    const doc = (await cloud.firestore.doc(`schedules/${schedule.id}`).get()).data();
    const jobName = `projects/${cloud.projectId}/locations/us-central1/jobs/gadget-schedule-${schedule.id}`;
    expect(doc).toMatchObject({ ownerUid: 'alice', jobName, cron: REMINDER.cron, paused: false });
    const [job] = jobs();
    expect(job).toMatchObject({
      name: jobName,
      schedule: REMINDER.cron,
      timeZone: 'Europe/Paris',
      state: 'ENABLED',
      httpTarget: {
        uri: `https://us-central1-${cloud.projectId}.cloudfunctions.net/runSchedule`,
        httpMethod: 'POST',
        oidcToken: {
          // The job's own audience: its token runs this schedule and no other.
          audience: `https://us-central1-${cloud.projectId}.cloudfunctions.net/runSchedule?scheduleId=${schedule.id}`,
        },
      },
      retryConfig: { retryCount: 3 },
    });
    expect(job?.httpTarget?.oidcToken?.serviceAccountEmail).toMatch(/@/);
  });

  it('leaves no document behind when the job cannot be created', async () => {
    cloud.cloud.schedulerServer.failNext('CreateJob', status.UNAVAILABLE, 10);
    await expect(cloud.call('createSchedule', REMINDER, as('alice'))).rejects.toMatchObject({
      code: 'internal',
    });
    expect(await scheduleCount()).toBe(0);
    expect(jobs()).toHaveLength(0);
  });

  it('refuses bad cron, more than hourly, unknown zones, long messages and unknown fields', async () => {
    const bad = [
      { cron: '* * * * *' },
      { cron: '*/15 * * * *' },
      { cron: '0 8 * *' },
      { cron: '0 25 * * *' },
      { cron: 'every day' },
      { timeZone: 'Mars/Olympus' },
      { message: 'x'.repeat(141) },
      { message: 42 },
      { color: 'red' },
      { kind: 'alarm' },
    ];
    for (const change of bad) {
      await expect(
        cloud.call('createSchedule', { ...REMINDER, ...change }, as('alice')),
        JSON.stringify(change),
      ).rejects.toMatchObject({ code: 'invalid-argument' });
    }
    expect(await scheduleCount()).toBe(0);
    expect(jobs()).toHaveLength(0);
  });

  it('needs sign-in', async () => {
    await expect(cloud.call('createSchedule', REMINDER)).rejects.toMatchObject({
      code: 'unauthenticated',
    });
  });

  it('accepts a device the caller belongs to and refuses one they do not', async () => {
    await seedDevice(cloud, 'dev1', ['alice', 'bob']);
    expect((await create('bob', { deviceId: 'dev1' })).deviceId).toBe('dev1');
    await expect(
      cloud.call('createSchedule', { ...REMINDER, deviceId: 'dev1' }, as('mallory')),
    ).rejects.toMatchObject({ code: 'not-found' });
    expect(await scheduleCount()).toBe(1);
    expect(jobs()).toHaveLength(1);
  });

  it('allows at most 20 schedules per user', async () => {
    for (let i = 0; i < 20; i += 1) await create('alice', { cron: `${String(i)} 9 * * *` });
    await expect(cloud.call('createSchedule', REMINDER, as('alice'))).rejects.toMatchObject({
      code: 'resource-exhausted',
    });
    expect(jobs()).toHaveLength(20);
    // Someone else's count is their own.
    await create('bob');
  });
});

describe('updateSchedule', () => {
  it('changes cron and time zone with an update mask, and pauses and resumes the job', async () => {
    const { id } = await create('alice');
    const updated = await cloud.call<{ schedule: { cron: string; paused: boolean } }>(
      'updateSchedule',
      { scheduleId: id, cron: '0 20 * * *', timeZone: 'Asia/Tokyo', message: 'Evening' },
      as('alice'),
    );
    expect(updated.schedule).toMatchObject({ cron: '0 20 * * *', paused: false });
    expect(jobs()[0]).toMatchObject({
      schedule: '0 20 * * *',
      timeZone: 'Asia/Tokyo',
      state: 'ENABLED',
    });
    // The mask left the target alone.
    expect(jobs()[0]?.httpTarget?.uri).toContain('/runSchedule');

    await cloud.call('updateSchedule', { scheduleId: id, paused: true }, as('alice'));
    expect(jobs()[0]?.state).toBe('PAUSED');
    expect((await cloud.firestore.doc(`schedules/${id}`).get()).get('paused')).toBe(true);
    const listed = ListSchedulesResponseSchema.parse(
      await cloud.call('listSchedules', {}, as('alice')),
    );
    expect(listed.schedules[0]).toMatchObject({
      paused: true,
      nextRunAt: null,
      message: 'Evening',
    });

    await cloud.call('updateSchedule', { scheduleId: id, paused: false }, as('alice'));
    expect(jobs()[0]?.state).toBe('ENABLED');
  });

  it('answers not-found for another user’s schedule and changes nothing', async () => {
    const { id } = await create('alice');
    const before = (await cloud.firestore.doc(`schedules/${id}`).get()).data();
    await expect(
      cloud.call('updateSchedule', { scheduleId: id, paused: true }, as('mallory')),
    ).rejects.toMatchObject({ code: 'not-found' });
    expect((await cloud.firestore.doc(`schedules/${id}`).get()).data()).toEqual(before);
    expect(jobs()[0]?.state).toBe('ENABLED');
  });

  it('leaves the document as it was when the job update fails', async () => {
    const { id } = await create('alice');
    cloud.cloud.schedulerServer.failNext('UpdateJob', status.UNAVAILABLE, 10);
    await expect(
      cloud.call('updateSchedule', { scheduleId: id, cron: '0 7 * * *' }, as('alice')),
    ).rejects.toMatchObject({ code: 'internal' });
    expect((await cloud.firestore.doc(`schedules/${id}`).get()).get('cron')).toBe(REMINDER.cron);
  });
});

describe('deleteSchedule and listSchedules', () => {
  it('deletes the job and the document; a job already gone is fine', async () => {
    const first = await create('alice');
    const second = await create('alice', { cron: '0 12 * * *' });
    await cloud.call('deleteSchedule', { scheduleId: first.id }, as('alice'));
    expect(jobs().map((job) => job.name)).toEqual([expect.stringContaining(second.id)]);

    // The job vanished behind our back: deleting the schedule still succeeds.
    cloud.cloud.schedulerServer.failNext('DeleteJob', status.NOT_FOUND);
    await cloud.call('deleteSchedule', { scheduleId: second.id }, as('alice'));
    expect(await scheduleCount()).toBe(0);
  });

  it('keeps the schedule when the job deletion fails otherwise', async () => {
    const { id } = await create('alice');
    cloud.cloud.schedulerServer.failNext('DeleteJob', status.PERMISSION_DENIED);
    await expect(
      cloud.call('deleteSchedule', { scheduleId: id }, as('alice')),
    ).rejects.toMatchObject({ code: 'internal' });
    expect(await scheduleCount()).toBe(1);
  });

  it('refuses another user’s schedule', async () => {
    const { id } = await create('alice');
    await expect(
      cloud.call('deleteSchedule', { scheduleId: id }, as('mallory')),
    ).rejects.toMatchObject({ code: 'not-found' });
    expect(jobs()).toHaveLength(1);
  });

  it('lists only the caller’s schedules, oldest first, with their next run', async () => {
    const a = await create('alice', { cron: '0 6 * * *', timeZone: 'UTC' });
    const b = await create('alice', { cron: '15 18 * * *', timeZone: 'UTC' });
    await create('bob');
    const listed = ListSchedulesResponseSchema.parse(
      await cloud.call('listSchedules', {}, as('alice')),
    );
    expect(listed.schedules.map((s) => s.id)).toEqual([a.id, b.id]);
    expect(listed.schedules[0]?.nextRunAt).toMatch(/T06:00:00\.000Z$/);
    expect(listed.schedules[1]?.nextRunAt).toMatch(/T18:15:00\.000Z$/);
    await expect(cloud.call('listSchedules', { extra: 1 }, as('alice'))).rejects.toMatchObject({
      code: 'invalid-argument',
    });
  });
});
