import { updateScheduleContract } from '@gadget/shared';
import { defineCallable } from '../callable.ts';
import { updateSchedule as update } from '../services/schedules/schedules.ts';

export const updateSchedule = defineCallable(updateScheduleContract, async ({ uid, data }) => ({
  schedule: await update(uid, data, new Date()),
}));
