import type { Rollout, RolloutCounts } from '@gadget/shared';

/** A gate that tripped, named for the log an alert policy watches. */
export type TrippedGate = 'failure-rate' | 'silent-rate';

export type RolloutVerdict =
  | { readonly kind: 'pause'; readonly gate: TrippedGate; readonly reason: string }
  | { readonly kind: 'advance'; readonly stageIndex: number }
  | { readonly kind: 'hold' };

function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : (part / whole) * 100;
}

/**
 * What the evaluator does with an active rollout, from its counts: pause when a gate trips (only
 * once `minAttempts` gadgets attempted it: two failures of three say little), else move to the
 * next stage once the current one has soaked `soakHours` with the gates holding, else wait.
 */
export function judgeRollout(rollout: Rollout, counts: RolloutCounts, now: Date): RolloutVerdict {
  const { gates } = rollout;
  if (counts.attempts >= gates.minAttempts) {
    const failed = percent(counts.failed, counts.attempts);
    if (failed > gates.maxFailurePercent) {
      return {
        kind: 'pause',
        gate: 'failure-rate',
        reason: `${failed.toFixed(1)} % of ${String(counts.attempts)} attempts failed (gate: ${String(gates.maxFailurePercent)} %)`,
      };
    }
    const silent = percent(counts.silent, counts.attempts);
    if (silent > gates.maxSilentPercent) {
      return {
        kind: 'pause',
        gate: 'silent-rate',
        reason: `${silent.toFixed(1)} % of ${String(counts.attempts)} attempts silent ${String(gates.silentHours)} h after installing (gate: ${String(gates.maxSilentPercent)} %)`,
      };
    }
  }
  const soakedMs = now.getTime() - rollout.stageStartedAt.getTime();
  const next = rollout.stageIndex + 1;
  if (next < rollout.stages.length && soakedMs >= gates.soakHours * 3_600_000) {
    return { kind: 'advance', stageIndex: next };
  }
  return { kind: 'hold' };
}
