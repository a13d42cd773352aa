import { createScheduleContract } from '@gadget/shared';
import { defineCallable } from '../callable.ts';
import { createSchedule as create } from '../services/schedules/schedules.ts';

export const createSchedule = defineCallable(createScheduleContract, async ({ uid, data }) => ({
  schedule: await create(uid, data, new Date()),
}));
