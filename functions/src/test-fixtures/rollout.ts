import type { Rollout } from '@gadget/shared';

/**
 * A rollout as `firmware:rollout create` writes it: thermo-1 firmware 1.4.0 to all gadgets, active,
 * with the default gates, and `fields` on top.
 */
export function rolloutWith(fields: Partial<Rollout> = {}): Rollout {
  const at = fields.createdAt ?? new Date('2026-12-07T10:00:00Z');
  return {
    model: 'thermo-1',
    version: '1.4.0',
    stages: [100],
    stageIndex: 0,
    stageStartedAt: at,
    state: 'active',
    gates: {
      maxFailurePercent: 2,
      minAttempts: 50,
      maxSilentPercent: 1,
      silentHours: 24,
      soakHours: 24,
    },
    reason: null,
    stoppedBy: null,
    counts: null,
    createdAt: at,
    updatedAt: at,
    ...fields,
  };
}
