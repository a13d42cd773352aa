import { onSchedule } from 'firebase-functions/v2/scheduler';
import * as logs from '../../logs.ts';
import { pushDeferredClears } from '../../services/alerts/alert-clear-flush.ts';
import { fanOutContext } from '../../services/notifications/fan-out.ts';

/**
 * Every minute: the back-to-normal pushes that the alert push throttle deferred to the end of
 * their window. The schedule time is "now", so a late or repeated run judges the same windows.
 */
export const alertClearFlush = onSchedule(
  { schedule: 'every 1 minutes', timeZone: 'UTC', maxInstances: 1, timeoutSeconds: 120 },
  async (event) => {
    const startedAt = Date.now();
    const parsed = Date.parse(event.scheduleTime);
    const now = Number.isNaN(parsed) ? new Date() : new Date(parsed);
    const report = await pushDeferredClears(now, fanOutContext(new Date()));
    logs.alertClearFlushRun({ ...report, durationMs: Date.now() - startedAt });
  },
);
