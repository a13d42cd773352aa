import type { Firestore } from 'firebase-admin/firestore';
import { RolloutIdSchema } from '@gadget/shared';
import type { Rollout, RolloutState } from '@gadget/shared';
import { FirmwareRefusal } from './refusal.ts';
import { rolloutsCollection } from './rollout-queries.ts';

export type RolloutAction = 'pause' | 'resume' | 'abort';

/** Each action: the states it leaves, what it writes (besides `updatedAt`), and its past tense. */
const TRANSITIONS: Record<
  RolloutAction,
  {
    readonly from: readonly RolloutState[];
    readonly to: (now: Date) => Partial<Rollout>;
    readonly done: string;
  }
> = {
  pause: {
    from: ['active'],
    done: 'paused',
    to: () => ({ state: 'paused', stoppedBy: 'operator', reason: 'paused by operator' }),
  },
  // The soak restarts: a stage's time with the gates holding counts from the resume.
  resume: {
    from: ['paused'],
    done: 'resumed',
    to: (now) => ({ state: 'active', stoppedBy: null, reason: null, stageStartedAt: now }),
  },
  abort: {
    from: ['active', 'paused'],
    done: 'aborted',
    to: () => ({ state: 'aborted', stoppedBy: 'operator', reason: 'aborted by operator' }),
  },
};

/**
 * Moves a rollout by the operator's hand, in a transaction: pause (active), resume (paused), abort
 * (active or paused). Any other state is refused and nothing is written. The `onRolloutWritten`
 * trigger carries the change to the model, and so to its gadgets.
 */
export async function moveRollout(
  firestore: Firestore,
  rolloutId: string,
  action: RolloutAction,
  now: Date = new Date(),
): Promise<Rollout> {
  if (!RolloutIdSchema.safeParse(rolloutId).success) {
    throw new FirmwareRefusal(`${rolloutId} is not a rollout id`);
  }
  const ref = rolloutsCollection(firestore).doc(rolloutId);
  const transition = TRANSITIONS[action];
  return firestore.runTransaction(async (transaction) => {
    const rollout = (await transaction.get(ref)).data();
    if (rollout === undefined) throw new FirmwareRefusal(`There is no rollout ${rolloutId}`);
    if (!transition.from.includes(rollout.state)) {
      throw new FirmwareRefusal(
        `Rollout ${rolloutId} is ${rollout.state}; only ${transition.from.join(' or ')} rollouts can be ${transition.done}`,
      );
    }
    const change = { ...transition.to(now), updatedAt: now };
    transaction.update(ref, change);
    return { ...rollout, ...change };
  });
}
