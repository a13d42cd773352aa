import { FINAL_OTA_STATES } from '@gadget/shared';
import type { OtaDoc, OtaReport, OtaState } from '@gadget/shared';

/**
 * How far along an update is. A report never moves it back, so a redelivered or late report (the
 * gadget's retry, a phone relaying an old one) changes nothing; final states never change.
 */
const RANK: Readonly<Record<OtaState, number>> = {
  'awaiting-approval': 0,
  offered: 0,
  downloading: 1,
  downloaded: 2,
  installing: 3,
  succeeded: 4,
  failed: 4,
  'rolled-back': 4,
  withdrawn: 4,
};

/** At most this many failed versions are remembered per gadget (the newest). */
const FAILED_VERSIONS_KEPT = 20;

export function isFinalOta(state: OtaState): boolean {
  return FINAL_OTA_STATES.includes(state);
}

/** Whether the gadget has not yet begun to install (so the update may still be withdrawn). */
export function beforeInstalling(state: OtaState): boolean {
  return RANK[state] < RANK.installing;
}

export interface StepDetails {
  readonly progress?: number | undefined;
  readonly error?: string | undefined;
  readonly via?: 'wifi' | 'relay' | undefined;
}

/** The document after a step into `state`: a final state frees the lease and records a failure. */
export function stepOta(
  ota: OtaDoc,
  state: OtaState,
  now: Date,
  details: StepDetails = {},
): OtaDoc {
  const failed = state === 'failed' || state === 'rolled-back';
  const failedVersions =
    failed && !ota.failedVersions.includes(ota.version)
      ? [...ota.failedVersions, ota.version].slice(-FAILED_VERSIONS_KEPT)
      : ota.failedVersions;
  return {
    ...ota,
    state,
    progress:
      state === 'succeeded' ? 100 : (details.progress ?? (RANK[state] >= 2 ? 100 : ota.progress)),
    error: failed ? (details.error ?? state) : null,
    failedVersions,
    lease: isFinalOta(state) ? null : ota.lease,
    via: details.via ?? ota.via,
    stateChangedAt: now,
    updatedAt: now,
  };
}

/**
 * The document after a gadget's report, or null when the report changes nothing: another
 * rollout's or version's, older than what is known, or a repeat. `succeeded` counts only from a
 * gadget that says it runs the new version.
 */
export function applyOtaReport(
  ota: OtaDoc,
  report: OtaReport,
  running: string | null,
  now: Date,
  via: 'wifi' | 'relay',
): OtaDoc | null {
  if (ota.rolloutId !== report.rolloutId || ota.version !== report.version) return null;
  if (isFinalOta(ota.state)) return null;
  if (report.state === 'succeeded' && running !== ota.version) return null;
  const from = RANK[ota.state];
  const to = RANK[report.state];
  if (to < from) return null;
  if (to === from) {
    const progress = report.progress;
    if (report.state !== ota.state || progress === undefined || progress <= (ota.progress ?? -1)) {
      return null;
    }
    return { ...ota, progress, via, updatedAt: now };
  }
  return stepOta(ota, report.state, now, { progress: report.progress, error: report.error, via });
}

/**
 * A gadget that reports the new version as its firmware has booted it and called home: that
 * confirms the update, whatever state reports were lost on the way.
 */
export function confirmByFirmware(
  ota: OtaDoc,
  running: string | null,
  now: Date,
  via: 'wifi' | 'relay',
): OtaDoc | null {
  if (isFinalOta(ota.state) || running !== ota.version) return null;
  return stepOta(ota, 'succeeded', now, { via });
}
