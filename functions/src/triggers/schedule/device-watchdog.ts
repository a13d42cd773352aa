import { onSchedule } from 'firebase-functions/v2/scheduler';
import * as logs from '../../logs.ts';
import { markSilentDevicesOffline } from '../../services/telemetry/watchdog.ts';

/**
 * Every 5 minutes: devices silent past their model's `offlineAfter` are marked offline. The
 * schedule time, not the clock, is "now", so a late or repeated run judges the same way.
 */
export const deviceWatchdog = onSchedule(
  { schedule: 'every 5 minutes', timeZone: 'UTC', maxInstances: 1, timeoutSeconds: 120 },
  async (event) => {
    const startedAt = Date.now();
    const parsed = Date.parse(event.scheduleTime);
    const now = Number.isNaN(parsed) ? new Date() : new Date(parsed);
    const report = await markSilentDevicesOffline(now);
    logs.watchdogRun({ ...report, durationMs: Date.now() - startedAt });
  },
);
