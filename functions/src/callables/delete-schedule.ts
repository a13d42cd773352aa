import { deleteScheduleContract } from '@gadget/shared';
import { defineCallable } from '../callable.ts';
import { deleteSchedule as remove } from '../services/schedules/schedules.ts';

export const deleteSchedule = defineCallable(deleteScheduleContract, async ({ uid, data }) => {
  await remove(uid, data.scheduleId);
  return { deleted: true as const };
});
