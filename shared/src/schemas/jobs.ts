import * as z from 'zod';

/** Where an unfinished maintenance task resumes (its own keys, e.g. `{after}` or `{group}`). */
export const MaintenanceCursorSchema = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.null()]),
);

/** What one maintenance task did in one run. */
export const MaintenanceTaskOutcomeSchema = z.object({
  /** Documents or objects deleted (in a dry run: that would have been). */
  deleted: z.number(),
  /** Mismatches repaired: accounts deleted, devices handed over or released, jobs recreated. */
  fixed: z.number(),
  /** True when the task stopped for its budget with work left; the saved cursor resumes it. */
  backlog: z.boolean(),
  /** Set when the task failed; the other tasks still ran. */
  error: z.string().optional(),
  /** Set when the task could not run at all here (e.g. its service is not deployed). */
  skipped: z.string().optional(),
});

/**
 * `jobs/nightly`: the nightly maintenance job's record, written field by field (merge), so each
 * part is absent until first written. `cursors[task]` is where an unfinished task resumes;
 * `lastRun` the last (non-dry) run; `tasks[task]` each task's last outcome, with when it ran.
 */
export const MaintenanceJobSchema = z.object({
  cursors: z.record(z.string(), MaintenanceCursorSchema).optional(),
  lastRun: z
    .object({
      startedAt: z.date(),
      now: z.date(),
      durationMs: z.number(),
      holder: z.string(),
      tasks: z.record(z.string(), MaintenanceTaskOutcomeSchema),
    })
    .optional(),
  tasks: z.record(z.string(), MaintenanceTaskOutcomeSchema.extend({ at: z.date() })).optional(),
});
export type MaintenanceJob = z.infer<typeof MaintenanceJobSchema>;

/** `jobs/nightly-lease`: who runs the nightly job and until when. */
export const MaintenanceLeaseSchema = z.object({
  holder: z.string(),
  expiresAt: z.date(),
});
export type MaintenanceLease = z.infer<typeof MaintenanceLeaseSchema>;
