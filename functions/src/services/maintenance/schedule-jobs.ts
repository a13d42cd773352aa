import { reconcileSchedules as reconcileScheduleJobs } from '../schedules/reconcile.ts';
import type { MaintenanceTask } from './task.ts';

/**
 * Schedules whose Cloud Scheduler job is missing get it back; jobs whose schedule is gone are
 * deleted. The schedules service does the work (in its own pages, in one go: there are few).
 */
export const reconcileSchedules: MaintenanceTask = {
  name: 'reconcileSchedules',
  run: async (context) => {
    if (!context.canRunPage()) return false;
    await context.page(
      async () => {
        const outcome = await reconcileScheduleJobs(context.now, { dryRun: context.dryRun });
        context.counts.fixed += outcome.recreated;
        context.counts.deleted += outcome.deleted;
      },
      () => null,
    );
    return true;
  },
};
