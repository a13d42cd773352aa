import { FieldValue } from 'firebase-admin/firestore';
import { LIMITS } from '@gadget/shared';
import type {
  CreateScheduleRequest,
  Schedule,
  ScheduleView,
  UpdateScheduleRequest,
} from '@gadget/shared';
import { collections, db } from '../../admin.ts';
import { notFound, resourceExhausted } from '../../errors.ts';
import { requireRole } from '../devices/device-access.ts';
import { jobNameOf } from './client.ts';
import { schedulesCollection } from './documents.ts';
import { createJob, deleteJobNamed, setJobPaused, updateJob } from './jobs.ts';
import { nextRunOf } from './next-run.ts';

const SCHEDULE_NOT_FOUND = 'No such schedule.';

export function viewOf(id: string, schedule: Schedule, now: Date): ScheduleView {
  const next = schedule.paused ? null : nextRunOf(schedule.cron, schedule.timeZone, now);
  return {
    id,
    kind: schedule.kind,
    deviceId: schedule.deviceId,
    cron: schedule.cron,
    timeZone: schedule.timeZone,
    message: schedule.message,
    paused: schedule.paused,
    nextRunAt: next?.toISOString() ?? null,
  };
}

/**
 * Creates the schedule document (counting the user's schedules and checking the device in one
 * transaction), then its Cloud Scheduler job; if the job cannot be created the document is deleted
 * again, so a failure leaves nothing behind.
 */
export async function createSchedule(
  uid: string,
  request: CreateScheduleRequest,
  now: Date,
): Promise<ScheduleView> {
  const ref = schedulesCollection().doc();
  const schedule: Schedule = {
    ownerUid: uid,
    deviceId: request.deviceId ?? null,
    kind: request.kind,
    cron: request.cron.trim().replace(/\s+/g, ' '),
    timeZone: request.timeZone,
    message: request.message,
    jobName: jobNameOf(ref.id),
    paused: false,
    createdAt: now,
    updatedAt: now,
  };
  await db().runTransaction(async (tx) => {
    const owned = await tx.get(schedulesCollection().where('ownerUid', '==', uid).count());
    if (owned.data().count >= LIMITS.schedulesPerUser) {
      throw resourceExhausted(`You can have at most ${String(LIMITS.schedulesPerUser)} schedules.`);
    }
    if (schedule.deviceId !== null) {
      const device = (await tx.get(collections.devices().doc(schedule.deviceId))).data();
      requireRole(device, uid, ['owner', 'admin', 'viewer']);
    }
    tx.create(ref, schedule);
  });
  try {
    await createJob({
      scheduleId: ref.id,
      cron: schedule.cron,
      timeZone: schedule.timeZone,
      paused: false,
    });
  } catch (error) {
    await ref.delete();
    throw error;
  }
  return viewOf(ref.id, schedule, now);
}

async function ownedSchedule(uid: string, scheduleId: string): Promise<Schedule> {
  const schedule = (await schedulesCollection().doc(scheduleId).get()).data();
  if (schedule?.ownerUid !== uid) throw notFound(SCHEDULE_NOT_FOUND);
  return schedule;
}

/**
 * Changes the job first (cron and time zone with an update mask, then pause or resume), then the
 * document, so the document never claims what Cloud Scheduler does not do. A failure part-way
 * leaves the job ahead of the document; repeating the call converges.
 */
export async function updateSchedule(
  uid: string,
  request: UpdateScheduleRequest,
  now: Date,
): Promise<ScheduleView> {
  const current = await ownedSchedule(uid, request.scheduleId);
  const next: Schedule = {
    ...current,
    cron: request.cron?.trim().replace(/\s+/g, ' ') ?? current.cron,
    timeZone: request.timeZone ?? current.timeZone,
    message: request.message ?? current.message,
    paused: request.paused ?? current.paused,
    updatedAt: now,
  };
  const mask = [
    ...(next.cron === current.cron ? [] : ['schedule']),
    ...(next.timeZone === current.timeZone ? [] : ['time_zone']),
  ];
  const spec = {
    scheduleId: request.scheduleId,
    cron: next.cron,
    timeZone: next.timeZone,
    paused: next.paused,
  };
  await updateJob(spec, mask);
  if (request.paused !== undefined) await setJobPaused(request.scheduleId, next.paused);
  await schedulesCollection().doc(request.scheduleId).update({
    cron: next.cron,
    timeZone: next.timeZone,
    message: next.message,
    paused: next.paused,
    updatedAt: FieldValue.serverTimestamp(),
  });
  return viewOf(request.scheduleId, next, now);
}

/** Deletes the job (one already gone is fine), then the document. */
export async function deleteSchedule(uid: string, scheduleId: string): Promise<void> {
  const schedule = await ownedSchedule(uid, scheduleId);
  await deleteJobNamed(schedule.jobName);
  await schedulesCollection().doc(scheduleId).delete();
}

export async function listSchedules(uid: string, now: Date): Promise<ScheduleView[]> {
  const page = await schedulesCollection()
    .where('ownerUid', '==', uid)
    .limit(LIMITS.schedulesPerUser * 2)
    .get();
  return page.docs
    .map((doc) => ({ id: doc.id, schedule: doc.data() }))
    .sort((a, b) => a.schedule.createdAt.getTime() - b.schedule.createdAt.getTime())
    .map(({ id, schedule }) => viewOf(id, schedule, now));
}
