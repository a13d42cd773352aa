import type { OtaDoc, OtaState } from '@gadget/shared';
import { notifyUsers } from './fan-out.ts';
import type { FanOutContext, FanOutReport } from './fan-out.ts';
import type { UpdateOutcome } from './localisation.ts';
import { collections, documents } from '../../data/collections.ts';

/** The states owners and admins hear of, and as what. */
const OUTCOME_OF: Partial<Record<OtaState, UpdateOutcome>> = {
  'awaiting-approval': 'waiting',
  failed: 'failed',
  'rolled-back': 'rolled-back',
  succeeded: 'installed',
};

export interface UpdateNews {
  /** `firmware-{deviceId}-{rolloutId}-{outcome}`: one entry per outcome of one rollout. */
  readonly id: string;
  readonly outcome: UpdateOutcome;
  readonly version: string;
  readonly rolloutId: string;
}

/**
 * The news in one `ota/current` write: a step into waiting-for-approval, failed, rolled back or
 * succeeded. A write that stays in the same state of the same rollout (progress, a redelivered
 * event) is no step, so it tells nothing new.
 */
export function updateNewsOf(
  deviceId: string,
  before: OtaDoc | undefined,
  after: OtaDoc | undefined,
): UpdateNews | null {
  if (after === undefined) return null;
  const outcome = OUTCOME_OF[after.state];
  if (outcome === undefined) return null;
  if (before?.state === after.state && before.rolloutId === after.rolloutId) return null;
  return {
    id: `firmware-${deviceId}-${after.rolloutId}-${outcome}`,
    outcome,
    version: after.version,
    rolloutId: after.rolloutId,
  };
}

export type UpdateNotifyResult =
  | { readonly told: true; readonly outcome: UpdateOutcome; readonly report: FanOutReport }
  | { readonly told: false; readonly reason: 'device-gone' | 'superseded' };

/**
 * Tells the device's owner and admins (viewers cannot approve or retry) in their inbox and, but for
 * a success, on their phones, under their language, preferences, quiet hours and the device's
 * mute. The update is read again first: an approval request the household already answered, or
 * news of a rollout since replaced (a late or out-of-order event), is not told.
 */
export async function notifyUpdateOutcome(
  deviceId: string,
  before: OtaDoc | undefined,
  after: OtaDoc | undefined,
  at: Date,
  context: FanOutContext,
): Promise<UpdateNotifyResult | null> {
  const news = updateNewsOf(deviceId, before, after);
  if (news === null) return null;
  const [deviceSnapshot, currentSnapshot] = await Promise.all([
    collections.devices().doc(deviceId).get(),
    documents.ota(deviceId).get(),
  ]);
  const device = deviceSnapshot.data();
  if (device === undefined) return { told: false, reason: 'device-gone' };
  const current = currentSnapshot.data();
  if (current?.rolloutId !== news.rolloutId || OUTCOME_OF[current.state] === undefined) {
    return { told: false, reason: 'superseded' };
  }
  if (news.outcome === 'waiting' && current.state !== 'awaiting-approval') {
    return { told: false, reason: 'superseded' };
  }
  const deciders = Object.entries(device.members)
    .filter(([, role]) => role === 'owner' || role === 'admin')
    .map(([uid]) => uid);
  const report = await notifyUsers(
    deciders,
    {
      id: news.id,
      content: { kind: 'firmware', version: news.version, outcome: news.outcome },
      device: { id: deviceId, name: device.name, muted: device.muted },
      alertId: null,
      critical: false,
      quiet: news.outcome === 'installed',
      throttled: false,
      inboxOnly: news.outcome === 'installed',
      at,
    },
    context,
  );
  return { told: true, outcome: news.outcome, report };
}
