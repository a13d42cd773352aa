import { describe, expect, it } from 'vitest';
import type { Device, ModelRollout, OtaDoc, Rollout } from '@gadget/shared';
import { otaWith } from '../../test-fixtures/ota.ts';
import { rolloutWith } from '../../test-fixtures/rollout.ts';
import { inRolloutStage, rolloutBucket } from './membership.ts';
import { mayBeOffered, offerStep } from './offer-decision.ts';
import { applyOtaReport, confirmByFirmware } from './ota-transitions.ts';
import { judgeRollout } from './rollout-gates.ts';
import { summaryMayChange } from './rollout-summary.ts';

const NOW = new Date('2026-12-07T10:00:00Z');
const image = {
  storagePath: 'firmware/thermo-1/1.4.0/image.bin',
  size: 10,
  sha256: 'a'.repeat(64),
  signature: `${'s'.repeat(86)}==`,
};
const rollout = (fields: Partial<ModelRollout> = {}): ModelRollout => ({
  id: 'r1',
  version: '1.4.0',
  state: 'active',
  percent: 100,
  minFromVersion: '1.0.0',
  antiRollback: 1,
  image,
  delta: null,
  ...fields,
});
const device = (fields: Partial<Device> = {}): Device =>
  ({
    model: 'thermo-1',
    ownerUid: 'o',
    members: { o: 'owner' },
    status: { firmware: { version: '1.2.0' } },
    ...fields,
  }) as Device;
const ota = (fields: Partial<OtaDoc> = {}): OtaDoc => otaWith({ updatedAt: NOW, ...fields });
const facts = (fields: Partial<Parameters<typeof offerStep>[0]> = {}) => ({
  deviceId: 'd1',
  device: device(),
  rollout: rollout(),
  running: '1.2.0',
  ota: undefined,
  now: NOW,
  ...fields,
});

describe('stage membership', () => {
  it('is stable, within 0–9999, and a higher percent only adds gadgets', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => `device-${String(i)}`);
    expect(ids.every((id) => rolloutBucket('r1', id) === rolloutBucket('r1', id))).toBe(true);
    const at = (percent: number) => new Set(ids.filter((id) => inRolloutStage('r1', id, percent)));
    const five = at(5);
    const twentyFive = at(25);
    expect([...five].every((id) => twentyFive.has(id))).toBe(true);
    expect(five.size).toBeGreaterThan(50);
    expect(five.size).toBeLessThan(150);
    expect(at(100).size).toBe(ids.length);
    expect(at(0).size).toBe(0);
    // Another rollout picks other gadgets first.
    const other = new Set(ids.filter((id) => inRolloutStage('r2', id, 5)));
    expect([...other].filter((id) => five.has(id)).length).toBeLessThan(five.size);
  });
});

describe('offerStep', () => {
  it('offers a first time, then repeats the offer', () => {
    const first = offerStep(facts());
    expect(first).toMatchObject({
      kind: 'first-offer',
      next: { state: 'offered', fromVersion: '1.2.0' },
    });
    expect(offerStep(facts({ ota: ota() }))).toMatchObject({ kind: 'offer', next: null });
  });

  it('says why there is nothing to offer', () => {
    expect(offerStep(facts({ rollout: null }))).toMatchObject({
      kind: 'none',
      reason: 'no-rollout',
    });
    expect(offerStep(facts({ running: null }))).toMatchObject({ reason: 'unknown-firmware' });
    expect(offerStep(facts({ running: '1.4.0' }))).toMatchObject({ reason: 'up-to-date' });
    expect(offerStep(facts({ running: '0.9.0' }))).toMatchObject({ reason: 'not-yet' });
    expect(offerStep(facts({ rollout: rollout({ percent: 0 }) }))).toMatchObject({
      reason: 'not-yet',
    });
    expect(offerStep(facts({ rollout: rollout({ state: 'paused' }) }))).toMatchObject({
      reason: 'not-yet',
    });
    expect(
      offerStep(facts({ ota: ota({ state: 'rolled-back', failedVersions: ['1.4.0'] }) })),
    ).toMatchObject({ reason: 'failed-before' });
  });

  it('a paused rollout holds offers not started and lets downloads finish', () => {
    const paused = rollout({ state: 'paused' });
    expect(offerStep(facts({ rollout: paused, ota: ota() }))).toMatchObject({ reason: 'not-yet' });
    expect(offerStep(facts({ rollout: paused, ota: ota({ state: 'downloading' }) }))).toMatchObject(
      { kind: 'offer' },
    );
  });

  it('an ask-first device waits for approval; approved, it is offered', () => {
    const ask = device({ updatePolicy: 'ask' });
    expect(offerStep(facts({ device: ask }))).toMatchObject({
      kind: 'none',
      reason: 'awaiting-approval',
      next: { state: 'awaiting-approval' },
    });
    expect(
      offerStep(facts({ device: ask, ota: ota({ state: 'awaiting-approval' }) })),
    ).toMatchObject({ next: null });
    expect(offerStep(facts({ device: ask, ota: ota({ approvedBy: 'o' }) }))).toMatchObject({
      kind: 'offer',
    });
  });

  it('withdraws an update of a rollout that no longer stands, unless it is installing', () => {
    const replaced = rollout({ id: 'r2', version: '1.5.0' });
    expect(offerStep(facts({ rollout: null, ota: ota({ state: 'downloading' }) }))).toMatchObject({
      kind: 'none',
      next: { state: 'withdrawn', rolloutId: 'r1' },
    });
    expect(offerStep(facts({ rollout: replaced, ota: ota() }))).toMatchObject({
      kind: 'first-offer',
      next: { rolloutId: 'r2', version: '1.5.0' },
    });
    expect(offerStep(facts({ rollout: null, ota: ota({ state: 'installing' }) }))).toMatchObject({
      next: null,
    });
  });

  it('reads nothing for a gadget that cannot be offered anything', () => {
    expect(mayBeOffered(null, 'd1', '1.2.0')).toBe(false);
    expect(mayBeOffered(rollout(), 'd1', '1.4.0')).toBe(false);
    expect(mayBeOffered(rollout({ percent: 0 }), 'd1', '1.2.0')).toBe(false);
    expect(mayBeOffered(rollout(), 'd1', '1.2.0')).toBe(true);
  });
});

describe('update reports', () => {
  const report = (state: string, extra: Record<string, unknown> = {}) =>
    ({ rolloutId: 'r1', version: '1.4.0', state, ...extra }) as Parameters<
      typeof applyOtaReport
    >[1];

  it('move forward only; a repeat, a late step and another rollout’s report change nothing', () => {
    const downloading = applyOtaReport(
      ota(),
      report('downloading', { progress: 30 }),
      '1.2.0',
      NOW,
      'wifi',
    );
    expect(downloading).toMatchObject({ state: 'downloading', progress: 30 });
    expect(
      applyOtaReport(
        downloading as OtaDoc,
        report('downloading', { progress: 30 }),
        '1.2.0',
        NOW,
        'wifi',
      ),
    ).toBeNull();
    expect(
      applyOtaReport(
        downloading as OtaDoc,
        report('downloading', { progress: 60 }),
        '1.2.0',
        NOW,
        'wifi',
      ),
    ).toMatchObject({ progress: 60 });
    const installing = applyOtaReport(
      downloading as OtaDoc,
      report('installing'),
      '1.2.0',
      NOW,
      'wifi',
    ) as OtaDoc;
    expect(applyOtaReport(installing, report('downloaded'), '1.2.0', NOW, 'wifi')).toBeNull();
    expect(
      applyOtaReport(installing, { ...report('failed'), rolloutId: 'r0' }, '1.2.0', NOW, 'wifi'),
    ).toBeNull();
  });

  it('a failure records the version and frees the lease; a final state never changes', () => {
    const leased = ota({ state: 'downloading', lease: { uid: 'p', expiresAt: NOW } });
    const failed = applyOtaReport(
      leased,
      report('failed', { error: 'sha256-mismatch' }),
      '1.2.0',
      NOW,
      'relay',
    ) as OtaDoc;
    expect(failed).toMatchObject({
      state: 'failed',
      error: 'sha256-mismatch',
      failedVersions: ['1.4.0'],
      lease: null,
      via: 'relay',
    });
    expect(applyOtaReport(failed, report('installing'), '1.2.0', NOW, 'wifi')).toBeNull();
    expect(confirmByFirmware(failed, '1.4.0', NOW, 'wifi')).toBeNull();
  });

  it('success needs the new version running; the new version alone confirms it', () => {
    const installing = ota({ state: 'installing' });
    expect(applyOtaReport(installing, report('succeeded'), '1.2.0', NOW, 'wifi')).toBeNull();
    expect(confirmByFirmware(installing, '1.2.0', NOW, 'wifi')).toBeNull();
    expect(confirmByFirmware(installing, '1.4.0', NOW, 'wifi')).toMatchObject({
      state: 'succeeded',
      progress: 100,
    });
  });
});

describe('rollout gates', () => {
  const base: Rollout = rolloutWith({
    stages: [5, 50, 100],
    stageStartedAt: new Date(NOW.getTime() - 25 * 3_600_000),
    createdAt: NOW,
  });
  const counts = (attempts: number, failed: number, silent = 0) => ({
    at: NOW,
    offered: attempts,
    attempts,
    succeeded: attempts - failed,
    failed,
    silent,
  });

  it('pause past a gate once enough attempted; else advance after the soak', () => {
    expect(judgeRollout(base, counts(100, 3), NOW)).toMatchObject({
      kind: 'pause',
      gate: 'failure-rate',
    });
    expect(judgeRollout(base, counts(100, 2), NOW)).toEqual({ kind: 'advance', stageIndex: 1 });
    expect(judgeRollout(base, counts(100, 0, 2), NOW)).toMatchObject({
      kind: 'pause',
      gate: 'silent-rate',
    });
    expect(judgeRollout(base, counts(10, 9), NOW)).toEqual({ kind: 'advance', stageIndex: 1 });
    expect(judgeRollout({ ...base, stageStartedAt: NOW }, counts(100, 0), NOW)).toEqual({
      kind: 'hold',
    });
    expect(judgeRollout({ ...base, stageIndex: 2 }, counts(100, 0), NOW)).toEqual({ kind: 'hold' });
  });

  it('a write of counts alone leaves the model summary alone', () => {
    expect(summaryMayChange(base, { ...base, counts: counts(1, 0), updatedAt: new Date() })).toBe(
      false,
    );
    expect(summaryMayChange(base, { ...base, state: 'paused' })).toBe(true);
    expect(summaryMayChange(base, { ...base, stageIndex: 1 })).toBe(true);
    expect(summaryMayChange(undefined, base)).toBe(true);
  });
});
