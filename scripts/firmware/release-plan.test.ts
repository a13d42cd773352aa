import { describe, expect, it } from 'vitest';
import type { FirmwareRelease } from '@gadget/shared';
import { FirmwareRefusal } from './refusal.ts';
import { planRelease } from './release-plan.ts';
import type { ReleaseRequest } from './release-plan.ts';

const AT = new Date('2025-03-01T10:00:00.000Z');

function recorded(version: string, fields: Partial<FirmwareRelease> = {}): FirmwareRelease {
  return {
    storagePath: `firmware/thermo-1/${version}/image.bin`,
    size: 100,
    sha256: version.replaceAll('.', '').padEnd(64, '0'),
    signature: `${'A'.repeat(86)}==`,
    model: 'thermo-1',
    version,
    minFromVersion: '0.0.0',
    antiRollback: 1,
    notes: {},
    delta: null,
    releasedAt: AT,
    revokedAt: null,
    ...fields,
  };
}

function request(version: string, fields: Partial<ReleaseRequest> = {}): ReleaseRequest {
  return {
    model: 'thermo-1',
    version,
    image: { size: 100, sha256: version.replaceAll('.', '').padEnd(64, '0') },
    minFromVersion: undefined,
    antiRollback: undefined,
    notes: {},
    delta: null,
    ...fields,
  };
}

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(FirmwareRefusal);
    return (error as Error).message;
  }
  throw new Error('not refused');
}

describe('planRelease', () => {
  it('compares versions as numbers and takes the newest older release’s counter', () => {
    const releases = [recorded('1.9.0', { antiRollback: 4 }), recorded('1.2.0')];
    expect(planRelease(request('1.10.0'), releases, '1.9.0')).toEqual({
      kind: 'new',
      minFromVersion: '0.0.0',
      antiRollback: 4,
    });
    expect(refusal(() => planRelease(request('1.8.9'), releases, undefined))).toBe(
      'thermo-1 1.8.9 is not newer than its newest release, 1.9.0',
    );
  });

  it('counts revoked releases: their versions and counters are never gone back below', () => {
    const releases = [recorded('2.0.0', { antiRollback: 7, revokedAt: AT })];
    expect(refusal(() => planRelease(request('1.9.0'), releases, undefined))).toMatch(
      /is not newer than its newest release, 2.0.0$/,
    );
    expect(planRelease(request('2.0.1'), releases, undefined)).toMatchObject({ antiRollback: 7 });
  });

  it('refuses a version older than a latestFirmware recorded without a release', () => {
    expect(refusal(() => planRelease(request('1.3.0'), [], '1.4.0'))).toBe(
      'thermo-1 1.3.0 is older than its latestFirmware, 1.4.0',
    );
    // The version the marker names may get its signed release.
    expect(planRelease(request('1.4.0'), [], '1.4.0').kind).toBe('new');
  });

  it('finds the same release already there, options left out taken as recorded', () => {
    const release = recorded('1.4.0', {
      minFromVersion: '1.2.0',
      antiRollback: 3,
      notes: { en: 'x' },
    });
    const releases = [recorded('1.3.0'), release];
    for (const same of [
      request('1.4.0'),
      request('1.4.0', { minFromVersion: '1.2.0', antiRollback: 3, notes: { en: 'x' } }),
    ]) {
      expect(planRelease(same, releases, '1.4.0')).toEqual({ kind: 'already-released', release });
    }
    expect(
      refusal(() =>
        planRelease(
          request('1.4.0', { minFromVersion: '1.0.0', notes: { en: 'y' } }),
          releases,
          '1.4.0',
        ),
      ),
    ).toBe(
      'thermo-1 1.4.0 is already released with other --min-from, --notes; a release never changes, release a newer version',
    );
    expect(
      refusal(() =>
        planRelease(
          request('1.4.0', { delta: { fromVersion: '1.3.0', size: 1, sha256: 'd'.repeat(64) } }),
          releases,
          '1.4.0',
        ),
      ),
    ).toMatch(/already released with other delta;/);
  });
});
