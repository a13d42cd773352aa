import { onSchedule } from 'firebase-functions/v2/scheduler';
import * as logs from '../../logs.ts';
import { markSilentDevicesOffline } from '../../services/telemetry/watchdog.ts';
import { expireOverdueCommands } from '../../services/control/command-expiry.ts';

/**
 * Every 5 minutes: devices silent past their model's `offlineAfter` are marked offline, and
 * commands past their deadline that no gadget call settled expire or time out. The
 * schedule time, not the clock, is "now", so a late or repeated run judges the same way.
 */
export const deviceWatchdog = onSchedule(
  { schedule: 'every 5 minutes', timeZone: 'UTC', maxInstances: 1, timeoutSeconds: 120 },
  async (event) => {
    const startedAt = Date.now();
    const parsed = Date.parse(event.scheduleTime);
    const now = Number.isNaN(parsed) ? new Date() : new Date(parsed);
    const report = await markSilentDevicesOffline(now);
    const commands = await expireOverdueCommands(now);
    logs.watchdogRun({
      ...report,
      commandsExpired: commands.expired,
      durationMs: Date.now() - startedAt,
    });
  },
);
