import { compareVersions } from '@gadget/shared';
import type { DeviceModelId, FirmwareRelease } from '@gadget/shared';
import { FirmwareRefusal } from './refusal.ts';

/** A release as asked for, its images already measured. Options not given are undefined. */
export interface ReleaseRequest {
  readonly model: DeviceModelId;
  readonly version: string;
  readonly image: ImageDigest;
  readonly minFromVersion: string | undefined;
  readonly antiRollback: number | undefined;
  readonly notes: Readonly<Record<string, string>>;
  readonly delta: (ImageDigest & { readonly fromVersion: string }) | null;
}

export interface ImageDigest {
  readonly size: number;
  readonly sha256: string;
}

export type ReleasePlan =
  | { readonly kind: 'new'; readonly minFromVersion: string; readonly antiRollback: number }
  | { readonly kind: 'already-released'; readonly release: FirmwareRelease };

/** The oldest version there is: every gadget may install a release without --min-from. */
export const ANY_VERSION = '0.0.0';

/**
 * What to do with `request` given the model's recorded releases (revoked ones too: a gadget may
 * still run one, so versions and counters only ever rise past them) and its `latestFirmware`. The
 * same image again, with no option saying otherwise, is already released; anything else about a
 * recorded version is refused, since gadgets may hold its signed manifest. Decided before the
 * upload and again in the transaction that records the release, so a concurrent release cannot
 * slip between.
 */
export function planRelease(
  request: ReleaseRequest,
  recorded: readonly FirmwareRelease[],
  latestFirmware: string | undefined,
): ReleasePlan {
  const { model, version } = request;
  const older = recorded
    .filter((release) => compareVersions(release.version, version) < 0)
    .sort((a, b) => compareVersions(b.version, a.version));
  const previous = older[0];

  const same = recorded.find((release) => release.version === version);
  if (same !== undefined) {
    if (same.revokedAt !== null) {
      throw new FirmwareRefusal(`${model} ${version} was revoked; release a newer version`);
    }
    const differences = differencesFrom(same, request);
    if (differences.length === 0) return { kind: 'already-released', release: same };
    throw new FirmwareRefusal(
      `${model} ${version} is already released with other ${differences.join(', ')}; a release never changes, release a newer version`,
    );
  }

  const minFromVersion = request.minFromVersion ?? ANY_VERSION;
  const antiRollback = request.antiRollback ?? previous?.antiRollback ?? 0;
  const newest = [...recorded].sort((a, b) => compareVersions(b.version, a.version))[0];
  if (newest !== undefined && compareVersions(version, newest.version) <= 0) {
    throw new FirmwareRefusal(
      `${model} ${version} is not newer than its newest release, ${newest.version}`,
    );
  }
  // The marker alone, from before releases were recorded: gadgets were told about it.
  if (latestFirmware !== undefined && compareVersions(version, latestFirmware) < 0) {
    throw new FirmwareRefusal(
      `${model} ${version} is older than its latestFirmware, ${latestFirmware}`,
    );
  }
  if (previous !== undefined && antiRollback < previous.antiRollback) {
    throw new FirmwareRefusal(
      `--anti-rollback ${antiRollback} is lower than ${previous.version}'s ${previous.antiRollback}; gadgets on it would refuse ${version}`,
    );
  }
  if (compareVersions(minFromVersion, version) > 0) {
    throw new FirmwareRefusal(`--min-from ${minFromVersion} is newer than ${version}`);
  }
  if (request.delta !== null) {
    const { fromVersion } = request.delta;
    if (!older.some((release) => release.version === fromVersion)) {
      throw new FirmwareRefusal(
        `--delta-from ${fromVersion} is not a release of ${model} older than ${version}`,
      );
    }
    if (compareVersions(fromVersion, minFromVersion) < 0) {
      throw new FirmwareRefusal(
        `--delta-from ${fromVersion} is older than --min-from ${minFromVersion}: no gadget on it may install ${version}`,
      );
    }
  }
  return { kind: 'new', minFromVersion, antiRollback };
}

/**
 * What `request` asks otherwise than the recorded release: the image's bytes, and each option it
 * gives (one left out is taken as recorded, so the release run again with only its file is the same).
 */
function differencesFrom(release: FirmwareRelease, request: ReleaseRequest): string[] {
  const differences: string[] = [];
  if (release.size !== request.image.size || release.sha256 !== request.image.sha256) {
    differences.push('bytes');
  }
  const { minFromVersion, antiRollback, notes, delta } = request;
  if (minFromVersion !== undefined && minFromVersion !== release.minFromVersion) {
    differences.push('--min-from');
  }
  if (antiRollback !== undefined && antiRollback !== release.antiRollback) {
    differences.push('--anti-rollback');
  }
  if (Object.keys(notes).length > 0 && !sameNotes(release.notes, notes)) {
    differences.push('--notes');
  }
  if (
    delta !== null &&
    (release.delta?.fromVersion !== delta.fromVersion ||
      release.delta.size !== delta.size ||
      release.delta.sha256 !== delta.sha256)
  ) {
    differences.push('delta');
  }
  return differences;
}

function sameNotes(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>) {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}
