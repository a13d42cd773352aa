import * as z from 'zod';
import { defineContract } from '../contract.ts';
import { DeviceIdSchema } from '../schemas/device-requests.ts';
import { TimeZoneSchema } from '../schemas/locale.ts';
import { CronSchema, ScheduleMessageSchema, ScheduleViewSchema } from '../schemas/schedules.ts';

export const CreateScheduleRequestSchema = z.strictObject({
  kind: z.literal('reminder'),
  deviceId: DeviceIdSchema.optional(),
  cron: CronSchema,
  timeZone: TimeZoneSchema,
  message: ScheduleMessageSchema,
});
export type CreateScheduleRequest = z.input<typeof CreateScheduleRequestSchema>;

export const CreateScheduleResponseSchema = z.object({ schedule: ScheduleViewSchema });
export type CreateScheduleResponse = z.infer<typeof CreateScheduleResponseSchema>;

export const createScheduleContract = defineContract({
  name: 'createSchedule',
  summary:
    'Creates a reminder that reaches the caller on a cron schedule (at most hourly) in a time ' +
    'zone, optionally about a device they belong to; at most 20 per user.',
  caller: 'signed-in',
  request: CreateScheduleRequestSchema,
  response: CreateScheduleResponseSchema,
  errors: {
    'not-found': '`deviceId` names no device the caller is a member of.',
    'resource-exhausted': 'The caller already has 20 reminders.',
  },
});
