import { onSchedule } from 'firebase-functions/v2/scheduler';
import * as logs from '../../logs.ts';
import { evaluateRollouts } from '../../services/firmware/rollout-evaluator.ts';

/**
 * Every 15 minutes: each active firmware rollout is counted, paused when a gate trips, or moved to
 * its next stage after its soak. The schedule time is "now", so a late or repeated run judges the
 * same way; a repeated run finds the change made and does nothing more.
 */
export const rolloutEvaluator = onSchedule(
  { schedule: 'every 15 minutes', timeZone: 'UTC', maxInstances: 1, timeoutSeconds: 300 },
  async (event) => {
    const startedAt = Date.now();
    const parsed = Date.parse(event.scheduleTime);
    const now = Number.isNaN(parsed) ? new Date() : new Date(parsed);
    const report = await evaluateRollouts(now);
    logs.rolloutEvaluatorRun({ ...report, durationMs: Date.now() - startedAt });
  },
);
