import { FieldValue } from 'firebase-admin/firestore';
import type { Firestore } from 'firebase-admin/firestore';
import {
  COLLECTIONS,
  DEVICE_MODELS,
  DeviceModelIdSchema,
  FirmwareReleaseSchema,
  FirmwareVersionSchema,
  compareVersions,
} from '@gadget/shared';
import type { Rollout } from '@gadget/shared';
import { schemaConverter } from '../../functions/src/for-scripts/firmware.ts';
import { FirmwareRefusal } from './refusal.ts';

export interface RevokeResult {
  readonly outcome: 'revoked' | 'already-revoked';
  /** The rollouts of the release this revocation aborted. */
  readonly abortedRollouts: readonly string[];
  /** The model's latestFirmware now: its newest release not revoked, or null for none. */
  readonly latestFirmware: string | null;
}

/** What a rollout of a revoked release becomes; the trigger then withdraws it from the model. */
export const REVOKED_ROLLOUT = {
  state: 'aborted',
  stoppedBy: 'revocation',
  reason: 'release revoked',
} as const satisfies Partial<Rollout>;

/**
 * Revokes a release in one transaction: `revokedAt` on it, its active and paused rollouts aborted,
 * and the model's `latestFirmware` moved to its newest release not revoked (removed, with
 * `releasedAt`, when there is none). Revoking again changes nothing. The image stays in Storage:
 * gadgets that installed it keep running it, and the rollout documents still name it.
 */
export async function revokeFirmwareRelease(
  firestore: Firestore,
  input: { model: string; version: string },
  now: Date = new Date(),
): Promise<RevokeResult> {
  const model = DeviceModelIdSchema.safeParse(input.model);
  if (!model.success) {
    throw new FirmwareRefusal(
      `Unknown model ${input.model}; the models are ${Object.keys(DEVICE_MODELS).join(', ')}`,
    );
  }
  if (!FirmwareVersionSchema.safeParse(input.version).success) {
    throw new FirmwareRefusal(`version ${input.version} is not a version such as 1.4.0`);
  }
  const { version } = input;
  const modelRef = firestore.collection(COLLECTIONS.models).doc(model.data);
  const releases = modelRef
    .collection(COLLECTIONS.releases)
    .withConverter(schemaConverter(FirmwareReleaseSchema));
  const rollouts = firestore
    .collection(COLLECTIONS.rollouts)
    .where('model', '==', model.data)
    .where('version', '==', version)
    .where('state', 'in', ['active', 'paused']);

  return firestore.runTransaction(async (transaction) => {
    // The model document first, before the queries: see createRollout.
    await transaction.get(modelRef);
    const recorded = await transaction.get(releases);
    const running = await transaction.get(rollouts);
    const release = recorded.docs.find((doc) => doc.id === version);
    if (release === undefined) {
      throw new FirmwareRefusal(`${model.data} has no release ${version}`);
    }
    const kept = recorded.docs
      .map((doc) => doc.data())
      .filter((other) => other.version !== version && other.revokedAt === null)
      .sort((a, b) => compareVersions(b.version, a.version))[0];
    const latestFirmware = kept?.version ?? null;
    if (release.data().revokedAt !== null) {
      return { outcome: 'already-revoked', abortedRollouts: [], latestFirmware };
    }

    transaction.update(release.ref, { revokedAt: now });
    for (const rollout of running.docs) {
      transaction.update(rollout.ref, { ...REVOKED_ROLLOUT, updatedAt: now });
    }
    transaction.set(
      modelRef,
      kept === undefined
        ? { latestFirmware: FieldValue.delete(), releasedAt: FieldValue.delete() }
        : { latestFirmware: kept.version, releasedAt: kept.releasedAt },
      { merge: true },
    );
    return {
      outcome: 'revoked',
      abortedRollouts: running.docs.map((doc) => doc.id),
      latestFirmware,
    };
  });
}
