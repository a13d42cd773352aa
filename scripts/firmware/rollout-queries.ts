import type { Firestore } from 'firebase-admin/firestore';
import { COLLECTIONS, RolloutSchema } from '@gadget/shared';
import type { RolloutState } from '@gadget/shared';
import { schemaConverter } from '../../functions/src/for-scripts/firmware.ts';

/** The states a model has at most one rollout in: the one its gadgets are offered. */
export const RUNNING_STATES: readonly RolloutState[] = ['active', 'paused'];

/** `rollouts`, read and written as the shared schema has them. */
export function rolloutsCollection(firestore: Firestore) {
  return firestore.collection(COLLECTIONS.rollouts).withConverter(schemaConverter(RolloutSchema));
}

/** A model's active or paused rollouts: one at most, but read as a query to check just that. */
export function runningRollouts(firestore: Firestore, model: string) {
  return rolloutsCollection(firestore)
    .where('model', '==', model)
    .where('state', 'in', RUNNING_STATES);
}
