import { RolloutGatesSchema, RolloutSchema } from '@gadget/shared';
import type { RolloutGates } from '@gadget/shared';

/** The gates a rollout gets unless the operator sets them (`npm run firmware:rollout -- --help`). */
export const DEFAULT_GATES: RolloutGates = {
  maxFailurePercent: 2,
  minAttempts: 50,
  maxSilentPercent: 1,
  silentHours: 24,
  soakHours: 24,
};

/**
 * Why `stages` and `gates` cannot make a rollout, in one line, or undefined when they can. Checked
 * by the command line (a usage error) and again by `createRollout` (a refusal) for other callers.
 */
export function rolloutPlanProblem(
  stages: readonly number[],
  gates: RolloutGates,
): string | undefined {
  if (stages.length === 0) return '--stages must list at least one percent, such as 1,5,25,100';
  for (const [index, stage] of stages.entries()) {
    if (!RolloutSchema.shape.stages.element.safeParse(stage).success) {
      return `--stages must be percents above 0 (from 0.01) and at most 100; ${stage} is not`;
    }
    const before = stages[index - 1];
    if (before !== undefined && stage <= before) {
      return `--stages must rise strictly; ${stage} follows ${before}`;
    }
  }
  const gate = (
    [
      ['maxFailurePercent', '--max-failure-percent', 'a percent from 0 to 100'],
      ['minAttempts', '--min-attempts', 'a whole number from 1'],
      ['maxSilentPercent', '--max-silent-percent', 'a percent from 0 to 100'],
      ['silentHours', '--silent-hours', 'a number of hours above 0'],
      ['soakHours', '--soak-hours', 'a number of hours from 0'],
    ] as const
  ).find(([key]) => !RolloutGatesSchema.shape[key].safeParse(gates[key]).success);
  if (gate !== undefined) return `${gate[1]} must be ${gate[2]}; ${gates[gate[0]]} is not`;
  return undefined;
}
