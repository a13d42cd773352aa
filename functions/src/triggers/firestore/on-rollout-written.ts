import { onDocumentWritten } from 'firebase-functions/v2/firestore';
import * as logs from '../../logs.ts';
import { RolloutSchema } from '@gadget/shared';
import { summaryMayChange, syncModelRollout } from '../../services/firmware/rollout-summary.ts';
import { snapshotAs } from '../../data/snapshots.ts';

/**
 * A rollout was created, paused, resumed, advanced or aborted (by `npm run firmware:rollout`, the
 * evaluator or the console): its model's summary, which gadget requests read, follows; an ended
 * rollout's unstarted updates are withdrawn. The rollout is read again, so a redelivered or
 * out-of-order event writes what the latest state says.
 */
export const onRolloutWritten = onDocumentWritten(
  { document: 'rollouts/{rolloutId}', retry: true, timeoutSeconds: 300 },
  async (event) => {
    const { rolloutId } = event.params;
    // The evaluator records counts every run: nothing for the model's summary, nothing read.
    const before = snapshotAs(RolloutSchema, event.data?.before);
    const after = snapshotAs(RolloutSchema, event.data?.after);
    if (!summaryMayChange(before, after)) return;
    const result = await syncModelRollout(rolloutId);
    logs.rolloutSynced({ rolloutId, ...result });
  },
);
