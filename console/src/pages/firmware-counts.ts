// A rollout's gadgets per OTA state, counted by the server: one count() aggregation per state over
// the `ota` collection group, filtered by rollout. Production serves those only from the
// collection-group indexes on `ota.rolloutId` and `ota.state` (firestore.indexes.json), and so does
// local-cloud with strict indexes; without them the page counts from the `ota` documents it read
// for its table instead, and says so.
import { errorText } from '../api.ts';
import { countQuery } from '../firestore/rest.ts';
import { OTA_STATES } from './firmware-data.ts';

export type LiveCounts =
  | { readonly kind: 'exact'; readonly total: number; readonly byState: Record<string, number> }
  | { readonly kind: 'refused'; readonly why: string };

export async function liveCounts(rolloutId: string): Promise<LiveCounts> {
  const ofRollout = { field: 'rolloutId', op: 'EQUAL', value: { stringValue: rolloutId } };
  try {
    // The total first: when the index is missing, one refused request instead of ten.
    const total = await countQuery(['ota'], [ofRollout], true);
    const perState = await Promise.all(
      OTA_STATES.map((state) =>
        countQuery(
          ['ota'],
          [ofRollout, { field: 'state', op: 'EQUAL', value: { stringValue: state } }],
          true,
        ),
      ),
    );
    return {
      kind: 'exact',
      total,
      byState: Object.fromEntries(OTA_STATES.map((s, i) => [s, perState[i] ?? 0])),
    };
  } catch (error) {
    return { kind: 'refused', why: errorText(error) };
  }
}
