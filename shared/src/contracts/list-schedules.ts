import * as z from 'zod';
import { defineContract } from '../contract.ts';
import { ScheduleViewSchema } from '../schemas/schedules.ts';

export const ListSchedulesRequestSchema = z.strictObject({});
export type ListSchedulesRequest = z.input<typeof ListSchedulesRequestSchema>;

export const ListSchedulesResponseSchema = z.object({ schedules: z.array(ScheduleViewSchema) });
export type ListSchedulesResponse = z.infer<typeof ListSchedulesResponseSchema>;

export const listSchedulesContract = defineContract({
  name: 'listSchedules',
  summary: 'The caller’s reminders, oldest first, each with its next run time.',
  caller: 'signed-in',
  request: ListSchedulesRequestSchema,
  response: ListSchedulesResponseSchema,
});
