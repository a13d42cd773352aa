import { isDeepStrictEqual } from 'node:util';
import type { ModelRollout, Rollout } from '@gadget/shared';
import { db } from '../../admin.ts';
import { collections } from '../../data/collections.ts';
import { beforeInstalling } from './ota-transitions.ts';
import { OtaStateSchema } from '@gadget/shared';

/** Updates not yet installing, which an aborted rollout withdraws. */
const WITHDRAWABLE = OtaStateSchema.options.filter(
  (state) => beforeInstalling(state) && state !== 'withdrawn',
);

/** Updates withdrawn per page. */
const WITHDRAW_PAGE = 200;

/**
 * What `models/{model}.rollout` should say of a rollout: what an offer needs while it is active or
 * paused and its release stands, else nothing.
 */
export async function summaryOf(rolloutId: string, rollout: Rollout): Promise<ModelRollout | null> {
  if (rollout.state === 'aborted') return null;
  const release = (await collections.releases(rollout.model).doc(rollout.version).get()).data();
  if (release === undefined || release.revokedAt !== null) return null;
  return {
    id: rolloutId,
    version: rollout.version,
    state: rollout.state,
    percent: rollout.stages[rollout.stageIndex] ?? 100,
    minFromVersion: release.minFromVersion,
    antiRollback: release.antiRollback,
    image: {
      storagePath: release.storagePath,
      size: release.size,
      sha256: release.sha256,
      signature: release.signature,
    },
    delta: release.delta,
  };
}

/**
 * Brings `models/{model}.rollout` in line with a rollout as it is now (read again, so a late or
 * repeated event writes the same). A rollout replaces the model's summary when that names no
 * rollout, this one, or one that is no longer active or paused; an ended rollout clears only its
 * own, withdraws the updates its gadgets had not begun installing, and hands the model to another
 * of its rollouts still running, if any.
 */
/** Whether a rollout's write can change its model's summary (not only its counts). */
export function summaryMayChange(before: Rollout | undefined, after: Rollout | undefined): boolean {
  if (before === undefined || after === undefined) return true;
  return (
    before.state !== after.state ||
    before.stageIndex !== after.stageIndex ||
    before.model !== after.model ||
    before.version !== after.version ||
    !isDeepStrictEqual(before.stages, after.stages)
  );
}

export async function syncModelRollout(rolloutId: string): Promise<{
  summary: 'set' | 'cleared' | 'unchanged';
  withdrawn: number;
}> {
  const rollout = (await collections.rollouts().doc(rolloutId).get()).data();
  if (rollout === undefined) return { summary: 'unchanged', withdrawn: 0 };
  const wanted = await summaryOf(rolloutId, rollout);
  const modelRef = collections.models().doc(rollout.model);
  const summary = await db().runTransaction(async (transaction) => {
    const current = (await transaction.get(modelRef)).get('rollout') as
      ModelRollout | null | undefined;
    if (wanted === null) {
      if (current?.id !== rolloutId) return 'unchanged' as const;
      transaction.set(modelRef, { rollout: null }, { merge: true });
      return 'cleared' as const;
    }
    if (isDeepStrictEqual(current, wanted)) return 'unchanged' as const;
    if (current != null && current.id !== rolloutId) {
      const other = (await transaction.get(collections.rollouts().doc(current.id))).data();
      if (other !== undefined && other.state !== 'aborted') return 'unchanged' as const;
    }
    transaction.set(modelRef, { rollout: wanted }, { merge: true });
    return 'set' as const;
  });
  const withdrawn = wanted === null ? await withdrawUnstarted(rolloutId) : 0;
  if (summary === 'cleared') {
    // Another rollout of the model already running (written while this one was) takes over.
    const [next] = (
      await collections
        .rollouts()
        .where('model', '==', rollout.model)
        .where('state', 'in', ['active', 'paused'])
        .limit(1)
        .get()
    ).docs;
    if (next !== undefined) await syncModelRollout(next.id);
  }
  return { summary, withdrawn };
}

/**
 * Marks `withdrawn` every update of the rollout not yet installing, a page at a time. Each write
 * holds only if the document is as it was read: a gadget that moved on to installing meanwhile
 * keeps its state (and is read again, no longer matching, on the next page).
 */
async function withdrawUnstarted(rolloutId: string): Promise<number> {
  const now = new Date();
  let total = 0;
  for (;;) {
    const page = await collections
      .allOta()
      .where('rolloutId', '==', rolloutId)
      .where('state', 'in', WITHDRAWABLE)
      .limit(WITHDRAW_PAGE)
      .get();
    if (page.empty) return total;
    const results = await Promise.allSettled(
      page.docs.map((doc) =>
        doc.ref.update(
          { state: 'withdrawn', lease: null, stateChangedAt: now, updatedAt: now },
          { lastUpdateTime: doc.updateTime },
        ),
      ),
    );
    const done = results.filter((result) => result.status === 'fulfilled').length;
    const failure = results.find((result) => result.status === 'rejected');
    // Nothing moved: not a race but a fault; fail, and the trigger's retry resumes.
    if (done === 0 && failure !== undefined) throw failure.reason;
    total += done;
  }
}
