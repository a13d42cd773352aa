import type { Firestore } from 'firebase-admin/firestore';
import {
  COLLECTIONS,
  DEVICE_MODELS,
  DeviceModelIdSchema,
  FirmwareReleaseSchema,
  FirmwareVersionSchema,
} from '@gadget/shared';
import type { Rollout, RolloutGates } from '@gadget/shared';
import { schemaConverter } from '../../functions/src/for-scripts/firmware.ts';
import { FirmwareRefusal } from './refusal.ts';
import { DEFAULT_GATES, rolloutPlanProblem } from './rollout-plan.ts';
import { rolloutsCollection, runningRollouts } from './rollout-queries.ts';

export interface RolloutRequest {
  readonly model: string;
  readonly version: string;
  /** Percent of the model's gadgets per stage, strictly rising, each in (0, 100]. */
  readonly stages: readonly number[];
  /** Each gate not given takes DEFAULT_GATES'. */
  readonly gates?: Partial<RolloutGates>;
}

/**
 * Starts a rollout of a release at its first stage, active, in one transaction that also finds the
 * model's running rollout: there is one at most, so two creates never both win. Refused when the
 * model is unknown, the release missing or revoked, or the plan impossible; the new id otherwise.
 * Besides the rollout it writes only `models/{model}.rolloutCreatedAt`; the `onRolloutWritten`
 * trigger summarises the rollout on the model.
 */
export async function createRollout(
  firestore: Firestore,
  request: RolloutRequest,
  now: Date = new Date(),
): Promise<{ id: string; rollout: Rollout }> {
  const model = DeviceModelIdSchema.safeParse(request.model);
  if (!model.success) {
    throw new FirmwareRefusal(
      `Unknown model ${request.model}; the models are ${Object.keys(DEVICE_MODELS).join(', ')}`,
    );
  }
  const { version } = request;
  if (!FirmwareVersionSchema.safeParse(version).success) {
    throw new FirmwareRefusal(`version ${version} is not a version such as 1.4.0`);
  }
  const gates: RolloutGates = { ...DEFAULT_GATES, ...request.gates };
  const problem = rolloutPlanProblem(request.stages, gates);
  if (problem !== undefined) throw new FirmwareRefusal(problem);

  const modelRef = firestore.collection(COLLECTIONS.models).doc(model.data);
  const releaseRef = modelRef
    .collection(COLLECTIONS.releases)
    .doc(version)
    .withConverter(schemaConverter(FirmwareReleaseSchema));
  const ref = rolloutsCollection(firestore).doc();
  const rollout: Rollout = {
    model: model.data,
    version,
    stages: [...request.stages],
    stageIndex: 0,
    stageStartedAt: now,
    state: 'active',
    gates,
    reason: null,
    stoppedBy: null,
    counts: null,
    createdAt: now,
    updatedAt: now,
  };
  await firestore.runTransaction(async (transaction) => {
    // The model document first, before the query, and written too: a release, a revocation and
    // another create of the model all write it, so they never interleave with this one, whatever
    // locks the database takes for a query's range (the emulators take none).
    await transaction.get(modelRef);
    const release = await transaction.get(releaseRef);
    const running = await transaction.get(runningRollouts(firestore, model.data));
    const recorded = release.data();
    if (recorded === undefined) {
      throw new FirmwareRefusal(
        `${model.data} has no release ${version}; npm run firmware:release makes one`,
      );
    }
    if (recorded.revokedAt !== null) {
      throw new FirmwareRefusal(`${model.data} ${version} was revoked`);
    }
    const other = running.docs[0];
    if (other !== undefined) {
      throw new FirmwareRefusal(
        `${model.data} already has rollout ${other.id} of ${other.data().version}, ${other.data().state}; abort it first`,
      );
    }
    transaction.create(ref, rollout);
    transaction.set(modelRef, { rolloutCreatedAt: now }, { merge: true });
  });
  return { id: ref.id, rollout };
}
