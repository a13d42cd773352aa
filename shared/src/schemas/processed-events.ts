import * as z from 'zod';

/**
 * `processedEvents/schedule-{scheduleId}-{epoch seconds}`: the idempotency marker of one scheduled
 * reminder run. Claimed (`done: false`, leased) before sending; `outcome` is set when it is done.
 */
export const ScheduleRunMarkerSchema = z.object({
  scheduleId: z.string(),
  scheduleTime: z.date(),
  done: z.boolean(),
  /** A run still unfinished past this is taken to have died; another may take over. */
  leaseUntil: z.date(),
  outcome: z.enum(['sent', 'gone', 'paused']).optional(),
  expireAt: z.date(),
});
export type ScheduleRunMarker = z.infer<typeof ScheduleRunMarkerSchema>;
