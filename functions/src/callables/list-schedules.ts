import { listSchedulesContract } from '@gadget/shared';
import { defineCallable } from '../callable.ts';
import { listSchedules as list } from '../services/schedules/schedules.ts';

export const listSchedules = defineCallable(listSchedulesContract, async ({ uid }) => ({
  schedules: await list(uid, new Date()),
}));
