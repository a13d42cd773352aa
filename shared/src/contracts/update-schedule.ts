import * as z from 'zod';
import { defineContract } from '../contract.ts';
import { TimeZoneSchema } from '../schemas/locale.ts';
import {
  CronSchema,
  ScheduleIdSchema,
  ScheduleMessageSchema,
  ScheduleViewSchema,
} from '../schemas/schedules.ts';

export const UpdateScheduleRequestSchema = z.strictObject({
  scheduleId: ScheduleIdSchema,
  cron: CronSchema.optional(),
  timeZone: TimeZoneSchema.optional(),
  message: ScheduleMessageSchema.optional(),
  paused: z.boolean().optional(),
});
export type UpdateScheduleRequest = z.input<typeof UpdateScheduleRequestSchema>;

export const UpdateScheduleResponseSchema = z.object({ schedule: ScheduleViewSchema });
export type UpdateScheduleResponse = z.infer<typeof UpdateScheduleResponseSchema>;

export const updateScheduleContract = defineContract({
  name: 'updateSchedule',
  summary: "Changes a reminder's cron, time zone or message, or pauses or resumes it.",
  caller: 'signed-in',
  request: UpdateScheduleRequestSchema,
  response: UpdateScheduleResponseSchema,
  errors: { 'not-found': 'No reminder of the caller’s has this id.' },
});
