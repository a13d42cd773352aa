import { compareVersions } from '@gadget/shared';
import type {
  Device,
  FirmwareOffer,
  ModelRollout,
  NoOfferReason,
  OtaDoc,
  ReleaseImage,
} from '@gadget/shared';
import { inRolloutStage } from './membership.ts';
import { beforeInstalling, isFinalOta, stepOta } from './ota-transitions.ts';

export interface OfferFacts {
  readonly deviceId: string;
  readonly device: Device;
  /** The model's rollout (cached), or null. */
  readonly rollout: ModelRollout | null;
  /** The version the gadget runs, or null when it never said. */
  readonly running: string | null;
  readonly ota: OtaDoc | undefined;
  readonly now: Date;
}

/**
 * What to do about an update for one gadget, and the document to write (`next`, null when it stays
 * as it is). `first-offer` is an offer not yet made: the caller checks the owner's quiet hours
 * before making it.
 */
export type OfferStep =
  | { readonly kind: 'offer'; readonly next: OtaDoc | null; readonly ota: OtaDoc }
  | { readonly kind: 'first-offer'; readonly next: OtaDoc }
  | { readonly kind: 'none'; readonly reason: NoOfferReason; readonly next: OtaDoc | null };

/**
 * The rules of who is offered what, in one place for `ingest` and `getFirmwareOffer`:
 * - an update under way whose rollout no longer stands (aborted, revoked, replaced) is withdrawn if
 *   the gadget has not begun installing;
 * - a gadget is offered its model's rollout version when it runs something older but not older than
 *   the release's `minFromVersion`, never had that version fail, and is in the current stage;
 * - a paused rollout makes no new offers, and stops offers not yet started; downloads already
 *   under way finish;
 * - an ask-first device waits for `approveUpdate`.
 */
export function offerStep(facts: OfferFacts): OfferStep {
  const { rollout, running, now } = facts;
  let ota = facts.ota;
  let next: OtaDoc | null = null;
  if (ota !== undefined && !isFinalOta(ota.state) && rollout?.id !== ota.rolloutId) {
    if (!beforeInstalling(ota.state)) return { kind: 'none', reason: 'not-yet', next: null };
    ota = stepOta(ota, 'withdrawn', now);
    next = ota;
  }
  const none = (reason: NoOfferReason): OfferStep => ({ kind: 'none', reason, next });
  if (rollout === null) return none('no-rollout');
  if (running === null) return none('unknown-firmware');
  if (compareVersions(running, rollout.version) >= 0) return none('up-to-date');
  if (ota?.failedVersions.includes(rollout.version) === true) return none('failed-before');

  if (ota !== undefined && ota.rolloutId === rollout.id) {
    if (ota.state === 'awaiting-approval') return none('awaiting-approval');
    if (isFinalOta(ota.state)) return none('not-yet');
    if (ota.state === 'offered' && rollout.state !== 'active') return none('not-yet');
    return { kind: 'offer', next, ota };
  }
  if (compareVersions(running, rollout.minFromVersion) < 0) return none('not-yet');
  if (rollout.state !== 'active') return none('not-yet');
  if (!inRolloutStage(rollout.id, facts.deviceId, rollout.percent)) return none('not-yet');

  const fresh: OtaDoc = {
    state: 'offered',
    version: rollout.version,
    rolloutId: rollout.id,
    model: facts.device.model,
    fromVersion: running,
    progress: null,
    error: null,
    failedVersions: ota?.failedVersions ?? [],
    lease: null,
    approvedBy: null,
    via: null,
    stateChangedAt: now,
    updatedAt: now,
  };
  if ((facts.device.updatePolicy ?? 'auto') === 'ask') {
    return {
      kind: 'none',
      reason: 'awaiting-approval',
      next: { ...fresh, state: 'awaiting-approval' },
    };
  }
  return { kind: 'first-offer', next: fresh };
}

/** Whether the gadget's model might offer it something: no read is needed when it cannot. */
export function mayBeOffered(
  rollout: ModelRollout | null,
  deviceId: string,
  running: string | null,
): boolean {
  return (
    rollout !== null &&
    running !== null &&
    compareVersions(running, rollout.version) < 0 &&
    inRolloutStage(rollout.id, deviceId, rollout.percent)
  );
}

/**
 * The image a gadget gets: the delta when the release has one from the version the gadget ran when
 * first offered (`deltaFrom` names it), else the whole image. The offer and the download agree.
 */
export function imageFor(
  rollout: ModelRollout,
  ota: OtaDoc,
): { readonly image: ReleaseImage; readonly deltaFrom: string | null } {
  const delta = rollout.delta;
  if (delta !== null && ota.fromVersion === delta.fromVersion) {
    return { image: delta, deltaFrom: delta.fromVersion };
  }
  return { image: rollout.image, deltaFrom: null };
}

/** The offer a gadget gets for `ota`'s update, with the image `imageFor` picks. */
export function offerOf(rollout: ModelRollout, ota: OtaDoc, url: string): FirmwareOffer {
  const { image, deltaFrom } = imageFor(rollout, ota);
  return {
    version: rollout.version,
    url,
    size: image.size,
    sha256: image.sha256,
    signature: image.signature,
    rolloutId: rollout.id,
    minFromVersion: rollout.minFromVersion,
    antiRollback: rollout.antiRollback,
    deltaFrom,
  };
}
