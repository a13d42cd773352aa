import { onSchedule } from 'firebase-functions/v2/scheduler';
import { runMaintenance } from '../../services/maintenance/runner.ts';

/**
 * 540 s is the longest a scheduled (event) function may run. The job stops starting pages 60 s
 * before that: a page (500 deletes through a BulkWriter, or one account's deletion cascade)
 * takes seconds, so the margin leaves room for the slowest page, the cursor save and the record.
 * 512 MiB: a page holds at most 500 document snapshots (ids only) or one storage listing page;
 * the account-deletion cascade of one user is the largest thing in memory.
 */
const TIMEOUT_SECONDS = 540;
const SAFETY_MARGIN_MS = 60_000;

/**
 * Every night at 03:00 UTC. The schedule time, not the clock, is "now", so a retried run judges
 * ages the same way. Cloud Scheduler retries a failed run twice; the lease makes an overlapping
 * retry stand aside, and the cursors make any run resume where the last one stopped.
 */
export const nightlyMaintenance = onSchedule(
  {
    schedule: '0 3 * * *',
    timeZone: 'UTC',
    timeoutSeconds: TIMEOUT_SECONDS,
    memory: '512MiB',
    maxInstances: 1,
    retryCount: 2,
  },
  async (event) => {
    const startedAt = Date.now();
    const parsed = Date.parse(event.scheduleTime);
    const now = Number.isNaN(parsed) ? new Date(startedAt) : new Date(parsed);
    await runMaintenance({
      now,
      deadline: new Date(startedAt + TIMEOUT_SECONDS * 1000 - SAFETY_MARGIN_MS),
    });
  },
);
