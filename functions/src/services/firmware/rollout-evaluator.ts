import type { Firestore, Query } from 'firebase-admin/firestore';
import { ATTEMPTED_OTA_STATES, COLLECTIONS, FAILED_OTA_STATES } from '@gadget/shared';
import type { Rollout, RolloutCounts } from '@gadget/shared';
import { db } from '../../admin.ts';
import { collections } from '../../data/collections.ts';
import * as logs from '../../logs.ts';
import { judgeRollout } from './rollout-gates.ts';
import type { RolloutVerdict } from './rollout-gates.ts';

/**
 * A rollout's counts by aggregation queries over its gadgets' `ota/current`, never a scan: each
 * costs one read per 1,000 index entries it matches (at least one), so a run over 100,000 gadgets
 * costs a few hundred reads. Silent: still `installing` `silentHours` after the step.
 */
export async function countRollout(
  firestore: Firestore,
  rolloutId: string,
  rollout: Pick<Rollout, 'gates'>,
  now: Date,
): Promise<RolloutCounts> {
  const ota = firestore.collectionGroup(COLLECTIONS.ota).where('rolloutId', '==', rolloutId);
  const silentSince = new Date(now.getTime() - rollout.gates.silentHours * 3_600_000);
  const count = async (query: Query): Promise<number> => (await query.count().get()).data().count;
  const [offered, attempts, succeeded, failed, silent] = await Promise.all([
    count(ota),
    count(ota.where('state', 'in', ATTEMPTED_OTA_STATES)),
    count(ota.where('state', '==', 'succeeded')),
    count(ota.where('state', 'in', FAILED_OTA_STATES)),
    count(ota.where('state', '==', 'installing').where('stateChangedAt', '<', silentSince)),
  ]);
  return { at: now, offered, attempts, succeeded, failed, silent };
}

export interface EvaluatorReport {
  readonly rollouts: number;
  readonly paused: number;
  readonly advanced: number;
}

/**
 * The scheduled evaluator: counts each active rollout, records the counts, and pauses it when a
 * gate trips (logging `rollout_paused`, which an alert policy can watch) or moves it to its next
 * stage after the soak. The change is written only if the rollout is still as it was read (an
 * operator's pause or abort meanwhile wins); the model's summary follows by `onRolloutWritten`.
 */
export async function evaluateRollouts(now: Date): Promise<EvaluatorReport> {
  const active = await collections.rollouts().where('state', '==', 'active').get();
  let paused = 0;
  let advanced = 0;
  for (const snapshot of active.docs) {
    const rollout = snapshot.data();
    const counts = await countRollout(db(), snapshot.id, rollout, now);
    const verdict = judgeRollout(rollout, counts, now);
    const applied = await applyVerdict(snapshot.id, rollout, counts, verdict, now);
    if (!applied) continue;
    if (verdict.kind === 'pause') {
      paused += 1;
      logs.rolloutPaused({
        rolloutId: snapshot.id,
        model: rollout.model,
        version: rollout.version,
        gate: verdict.gate,
        reason: verdict.reason,
        ...countsForLog(counts),
      });
    }
    if (verdict.kind === 'advance') {
      advanced += 1;
      logs.rolloutAdvanced({
        rolloutId: snapshot.id,
        model: rollout.model,
        version: rollout.version,
        percent: rollout.stages[verdict.stageIndex] ?? 100,
        ...countsForLog(counts),
      });
    }
  }
  return { rollouts: active.size, paused, advanced };
}

async function applyVerdict(
  rolloutId: string,
  read: Rollout,
  counts: RolloutCounts,
  verdict: RolloutVerdict,
  now: Date,
): Promise<boolean> {
  const ref = collections.rollouts().doc(rolloutId);
  return db().runTransaction(async (transaction) => {
    const current = (await transaction.get(ref)).data();
    if (current?.state !== 'active' || current.stageIndex !== read.stageIndex) return false;
    const change =
      verdict.kind === 'pause'
        ? { state: 'paused' as const, stoppedBy: 'gate' as const, reason: verdict.reason }
        : verdict.kind === 'advance'
          ? { stageIndex: verdict.stageIndex, stageStartedAt: now }
          : {};
    transaction.update(ref, { counts, updatedAt: now, ...change });
    return verdict.kind !== 'hold';
  });
}

function countsForLog(counts: RolloutCounts): Omit<RolloutCounts, 'at'> {
  const { at: _at, ...rest } = counts;
  return rest;
}
