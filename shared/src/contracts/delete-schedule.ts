import * as z from 'zod';
import { defineContract } from '../contract.ts';
import { ScheduleIdSchema } from '../schemas/schedules.ts';

export const DeleteScheduleRequestSchema = z.strictObject({ scheduleId: ScheduleIdSchema });
export type DeleteScheduleRequest = z.input<typeof DeleteScheduleRequestSchema>;

export const DeleteScheduleResponseSchema = z.object({ deleted: z.literal(true) });
export type DeleteScheduleResponse = z.infer<typeof DeleteScheduleResponseSchema>;

export const deleteScheduleContract = defineContract({
  name: 'deleteSchedule',
  summary: 'Deletes one of the caller’s reminders and its Cloud Scheduler job.',
  caller: 'signed-in',
  request: DeleteScheduleRequestSchema,
  response: DeleteScheduleResponseSchema,
  errors: { 'not-found': 'No reminder of the caller’s has this id.' },
});
