import type { Firestore } from 'firebase-admin/firestore';
import { DEVICE_MODELS, DeviceModelIdSchema, RolloutIdSchema } from '@gadget/shared';
import type { Rollout, RolloutCounts } from '@gadget/shared';
import { countRollout } from '../../functions/src/for-scripts/firmware.ts';
import { FirmwareRefusal } from './refusal.ts';
import { rolloutsCollection, runningRollouts } from './rollout-queries.ts';

export interface RolloutStatus {
  readonly id: string;
  readonly rollout: Rollout;
  readonly live: RolloutCounts;
}

/** A rollout by id, or the model's active or paused one. */
export type RolloutTarget = { readonly rolloutId: string } | { readonly model: string };

export async function rolloutStatus(
  firestore: Firestore,
  target: RolloutTarget,
  now: Date = new Date(),
): Promise<RolloutStatus> {
  const { id, rollout } = await findRollout(firestore, target);
  return { id, rollout, live: await countRollout(firestore, id, rollout, now) };
}

async function findRollout(
  firestore: Firestore,
  target: RolloutTarget,
): Promise<{ id: string; rollout: Rollout }> {
  if ('rolloutId' in target) {
    if (!RolloutIdSchema.safeParse(target.rolloutId).success) {
      throw new FirmwareRefusal(`${target.rolloutId} is not a rollout id`);
    }
    const rollout = (await rolloutsCollection(firestore).doc(target.rolloutId).get()).data();
    if (rollout === undefined) throw new FirmwareRefusal(`There is no rollout ${target.rolloutId}`);
    return { id: target.rolloutId, rollout };
  }
  const model = DeviceModelIdSchema.safeParse(target.model);
  if (!model.success) {
    throw new FirmwareRefusal(
      `Unknown model ${target.model}; the models are ${Object.keys(DEVICE_MODELS).join(', ')}`,
    );
  }
  const [running] = (await runningRollouts(firestore, model.data).get()).docs;
  if (running === undefined) {
    throw new FirmwareRefusal(`${model.data} has no active or paused rollout`);
  }
  return { id: running.id, rollout: running.data() };
}

/** The status as `npm run firmware:rollout -- status` prints it, a line per aspect. */
export function formatRolloutStatus({ id, rollout, live }: RolloutStatus): string {
  const { gates, counts } = rollout;
  const percent = rollout.stages[rollout.stageIndex];
  const stopped =
    rollout.state === 'active'
      ? ''
      : ` (by ${rollout.stoppedBy ?? 'nobody recorded'}: ${rollout.reason ?? 'no reason given'})`;
  const counted = (c: Omit<RolloutCounts, 'at'>) =>
    `${c.offered} offered, ${c.attempts} attempted, ${c.succeeded} succeeded, ${c.failed} failed`;
  return [
    `rollout    ${id}: ${rollout.model} ${rollout.version}`,
    `state      ${rollout.state}${stopped}`,
    `stage      ${rollout.stageIndex + 1} of ${rollout.stages.length} (${rollout.stages.join(', ')} %): ${String(percent)}% of the model's gadgets, since ${rollout.stageStartedAt.toISOString()}`,
    `gates      pause above ${gates.maxFailurePercent}% failed once ${gates.minAttempts} attempted, above ${gates.maxSilentPercent}% silent ${gates.silentHours} h after installing; soak ${gates.soakHours} h a stage`,
    `now        ${counted(live)}, ${live.silent} silent (${failurePercent(live)})`,
    `evaluated  ${counts === null ? 'never' : `${counts.at.toISOString()}: ${counted(counts)}, ${counts.silent} silent`}`,
    '',
  ].join('\n');
}

function failurePercent({ attempts, failed }: RolloutCounts): string {
  if (attempts === 0) return 'no attempts yet';
  return `${((100 * failed) / attempts).toFixed(1)}% of attempts failed`;
}
