import { describe, expect, it } from 'vitest';
import type { FirestoreDocument } from '../firestore/rest.ts';
import { fromPlain } from '../firestore/values.ts';
import {
  actionsFor,
  compareVersions,
  countByState,
  formatBytes,
  gateInputOf,
  gateStatus,
  leaseHolder,
  modelOf,
  otaOf,
  releaseOf,
  releasesByModel,
  rolloutOf,
  shortSha,
  stageOf,
  transitionWrite,
} from './firmware-data.ts';
import type { Gates, Ota } from './firmware-data.ts';

const DB = 'projects/demo/databases/(default)/documents';

/** A document as the REST API returns it, timestamps given as Dates. */
function doc(path: string, data: Record<string, unknown>, updateTime?: string): FirestoreDocument {
  const fields = Object.fromEntries(
    Object.entries(data).map(([k, v]) => [k, value(v)]),
  ) as FirestoreDocument['fields'];
  return { name: `${DB}/${path}`, fields, ...(updateTime === undefined ? {} : { updateTime }) };
}
function value(v: unknown): Record<string, unknown> {
  if (v instanceof Date) return { timestampValue: v.toISOString() };
  if (typeof v === 'object' && v !== null && !Array.isArray(v))
    return {
      mapValue: {
        fields: Object.fromEntries(Object.entries(v).map(([k, inner]) => [k, value(inner)])),
      },
    };
  return fromPlain(v);
}

const SHA = 'ab'.repeat(32);
const image = { storagePath: 'firmware/air-1/1.5.0/image.bin', size: 524_288, sha256: SHA };

const release = (version: string, extra: Record<string, unknown> = {}) =>
  doc(`models/air-1/releases/${version}`, {
    ...image,
    signature: 'x',
    model: 'air-1',
    version,
    minFromVersion: '1.0.0',
    antiRollback: 3,
    notes: { en: 'Fixes' },
    delta: null,
    releasedAt: new Date('2026-01-31T12:00:00Z'),
    revokedAt: null,
    ...extra,
  });

const gates: Gates = {
  maxFailurePercent: 10,
  minAttempts: 20,
  maxSilentPercent: 5,
  silentHours: 6,
  soakHours: 24,
};

const rolloutDoc = (state: string, counts: Record<string, unknown> | null = null) =>
  doc(
    'rollouts/r1',
    {
      model: 'air-1',
      version: '1.5.0',
      stages: [1, 10, 50, 100],
      stageIndex: 1,
      stageStartedAt: new Date('2026-02-01T00:00:00Z'),
      state,
      gates,
      reason: state === 'paused' ? 'failure gate: 12% of 25 attempts' : null,
      stoppedBy: state === 'paused' ? 'gate' : null,
      counts,
      createdAt: new Date('2026-01-31T13:00:00Z'),
      updatedAt: new Date('2026-02-01T00:00:00Z'),
    },
    '2026-02-01T00:00:00.123456Z',
  );

const ota = (deviceId: string, state: string, rolloutId = 'r1'): Ota => ({
  deviceId,
  state,
  version: '1.5.0',
  fromVersion: '1.4.0',
  rolloutId,
  model: 'air-1',
  progress: null,
  error: null,
  failedVersions: [],
  lease: null,
  via: 'wifi',
  stateChangedAt: null,
});

describe('documents into rows', () => {
  it('reads a release, its delta and its revocation', () => {
    expect(releaseOf(release('1.5.0'))).toEqual({
      model: 'air-1',
      version: '1.5.0',
      size: 524_288,
      sha256: SHA,
      minFromVersion: '1.0.0',
      antiRollback: 3,
      delta: null,
      releasedAt: '2026-01-31T12:00:00.000Z',
      revokedAt: null,
    });
    const revoked = releaseOf(
      release('1.6.0', {
        delta: { ...image, size: 4096, fromVersion: '1.5.0' },
        revokedAt: new Date('2026-02-02T00:00:00Z'),
      }),
    );
    expect(revoked?.delta).toEqual({ size: 4096, sha256: SHA, fromVersion: '1.5.0' });
    expect(revoked?.revokedAt).toBe('2026-02-02T00:00:00.000Z');
  });

  it('ignores `releases` and `ota` documents outside their paths', () => {
    expect(releaseOf(doc('scratch/x/releases/1.0.0', {}))).toBeNull();
    expect(otaOf(doc('devices/d1/ota/other', {}))).toBeNull();
    expect(otaOf(doc('users/u1/ota/current', {}))).toBeNull();
  });

  it('groups releases by model, newest version first, models without a document included', () => {
    const models = [
      modelOf(
        doc('models/air-1', {
          latestFirmware: '1.10.0',
          rollout: { id: 'r1', version: '1.10.0', state: 'active', percent: 10 },
        }),
      ),
    ];
    const releases = ['1.9.2', '1.10.0', '1.2.0'].map((v) => releaseOf(release(v)));
    const other = releaseOf(
      doc('models/tower-2/releases/2.0.0', { ...image, version: '2.0.0', revokedAt: null }),
    );
    const grouped = releasesByModel(
      models,
      [...releases, other].flatMap((r) => r ?? []),
    );
    expect(grouped.map((g) => [g.model.id, g.releases.map((r) => r.version)])).toEqual([
      ['air-1', ['1.10.0', '1.9.2', '1.2.0']],
      ['tower-2', ['2.0.0']],
    ]);
    expect(grouped[0]?.model.rollout).toEqual({ id: 'r1', state: 'active', percent: 10 });
    expect(grouped[1]?.model).toEqual({ id: 'tower-2', latestFirmware: null, rollout: null });
  });

  it("reads a rollout's stage, counts and the update time a write is conditioned on", () => {
    const r = rolloutOf(
      rolloutDoc('paused', {
        at: new Date('2026-02-01T01:00:00Z'),
        offered: 40,
        attempts: 25,
        succeeded: 20,
        failed: 3,
        silent: 0,
      }),
    );
    expect(r).toMatchObject({
      id: 'r1',
      state: 'paused',
      stoppedBy: 'gate',
      gates,
      counts: { offered: 40, attempts: 25, failed: 3, at: '2026-02-01T01:00:00.000Z' },
      updateTime: '2026-02-01T00:00:00.123456Z',
    });
    expect(stageOf(r)).toEqual({ number: 2, of: 4, percent: 10 });
    expect(rolloutOf(rolloutDoc('active')).counts).toBeNull();
  });

  it("reads a gadget's update and who holds its lease", () => {
    const o = otaOf(
      doc('devices/d1/ota/current', {
        state: 'downloading',
        version: '1.5.0',
        rolloutId: 'r1',
        model: 'air-1',
        fromVersion: '1.4.0',
        progress: 40,
        error: null,
        failedVersions: ['1.4.5'],
        lease: { uid: 'u1', expiresAt: new Date('2026-02-01T00:05:00Z') },
        approvedBy: null,
        via: 'relay',
        stateChangedAt: new Date('2026-02-01T00:00:00Z'),
        updatedAt: new Date('2026-02-01T00:00:00Z'),
      }),
    );
    expect(o).toMatchObject({ deviceId: 'd1', state: 'downloading', progress: 40 });
    expect(o?.failedVersions).toEqual(['1.4.5']);
    const before = Date.parse('2026-02-01T00:04:00Z');
    const after = Date.parse('2026-02-01T00:06:00Z');
    expect(leaseHolder(o?.lease ?? null, before)).toMatchObject({ uid: 'u1', expired: false });
    expect(leaseHolder(o?.lease ?? null, after)).toMatchObject({ uid: 'u1', expired: true });
    expect(leaseHolder(null, before)).toBeNull();
  });

  it('orders versions by number and shortens sizes and digests', () => {
    expect(['1.10.0', '1.9.0', '2.0.0', '1.9.10'].sort(compareVersions)).toEqual([
      '1.9.0',
      '1.9.10',
      '1.10.0',
      '2.0.0',
    ]);
    expect(formatBytes(524_288)).toBe('512.0 KiB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.00 MiB');
    expect(formatBytes(null)).toBe('—');
    expect(shortSha(SHA)).toBe('abababababab');
  });
});

describe('live counts per OTA state', () => {
  it("counts only the rollout's gadgets, every state present, unknown ones kept", () => {
    const otas = [
      ota('a', 'downloading'),
      ota('b', 'failed'),
      ota('c', 'rolled-back'),
      ota('d', 'succeeded'),
      ota('e', 'offered'),
      ota('f', 'failed', 'r0'),
      ota('g', 'paused-by-gadget'),
    ];
    const counts = countByState(otas, 'r1');
    expect(counts).toMatchObject({
      'awaiting-approval': 0,
      offered: 1,
      downloading: 1,
      failed: 1,
      'rolled-back': 1,
      succeeded: 1,
      withdrawn: 0,
      'paused-by-gadget': 1,
    });
    // Offered and awaiting approval are not attempts; failed and rolled back are failures.
    expect(gateInputOf(counts)).toEqual({ attempts: 4, failed: 2, silent: null });
  });
});

describe('gateStatus', () => {
  const states = (input: Parameters<typeof gateStatus>[1]) =>
    gateStatus(gates, input).map((c) => [c.gate, c.state]);

  it('waits for minAttempts before judging failures', () => {
    const [failures] = gateStatus(gates, { attempts: 19, failed: 19, silent: 0 });
    expect(failures).toMatchObject({ state: 'waiting', percent: 100 });
    expect(failures?.text).toBe('waiting: 19 of 20 attempts needed');
  });

  it('holds at the maximum and trips above it', () => {
    expect(states({ attempts: 20, failed: 2, silent: 1 })).toEqual([
      ['failures', 'holding'],
      ['silent', 'holding'],
    ]);
    expect(states({ attempts: 20, failed: 3, silent: 2 })).toEqual([
      ['failures', 'tripped'],
      ['silent', 'tripped'],
    ]);
    expect(gateStatus(gates, { attempts: 20, failed: 3, silent: 0 })[0]?.text).toBe(
      '15% of 20 attempts failed (max 10%)',
    );
  });

  it('says the silence gate is unknown when only the evaluator can count it', () => {
    expect(states({ attempts: 0, failed: 0, silent: null })).toEqual([
      ['failures', 'waiting'],
      ['silent', 'unknown'],
    ]);
    expect(states({ attempts: 0, failed: 0, silent: 0 })[1]).toEqual(['silent', 'waiting']);
  });
});

describe('operator actions', () => {
  it('offers only the transitions valid from each state', () => {
    expect(actionsFor('active')).toEqual(['pause', 'abort']);
    expect(actionsFor('paused')).toEqual(['resume', 'abort']);
    expect(actionsFor('aborted')).toEqual([]);
    expect(actionsFor('toString')).toEqual([]);
    expect(actionsFor('?')).toEqual([]);
  });

  const now = new Date('2026-02-01T02:00:00Z');
  const at = { timestampValue: '2026-02-01T02:00:00.000Z' };

  it('pauses and aborts as the operator, with a reason and the time', () => {
    expect(transitionWrite('pause', now)).toEqual({
      fields: {
        state: { stringValue: 'paused' },
        stoppedBy: { stringValue: 'operator' },
        reason: { stringValue: 'paused from the console' },
        updatedAt: at,
      },
      mask: ['state', 'stoppedBy', 'reason', 'updatedAt'],
    });
    expect(transitionWrite('abort', now)).toEqual({
      fields: {
        state: { stringValue: 'aborted' },
        stoppedBy: { stringValue: 'operator' },
        reason: { stringValue: 'aborted from the console' },
        updatedAt: at,
      },
      mask: ['state', 'stoppedBy', 'reason', 'updatedAt'],
    });
  });

  it("resumes clearing who stopped it and why, and restarts the stage's soak", () => {
    expect(transitionWrite('resume', now)).toEqual({
      fields: {
        state: { stringValue: 'active' },
        stoppedBy: { nullValue: null },
        reason: { nullValue: null },
        stageStartedAt: at,
        updatedAt: at,
      },
      mask: ['state', 'stoppedBy', 'reason', 'stageStartedAt', 'updatedAt'],
    });
  });
});
