// The rollout evaluator's Firestore cost over one rollout of many gadgets: their `ota/current`
// documents loaded into local-cloud's Firestore in one restore (no trigger fires for them, as none
// would for documents written long ago), then one scheduled run counted by the op counters, beside
// the figure aggregation billing gives for the same counts.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestCloud } from '@gadget/local-cloud/testing';
import { ATTEMPTED_OTA_STATES, docPaths, FAILED_OTA_STATES } from '@gadget/shared';
import type { DeviceModelId, OtaState, RolloutCounts } from '@gadget/shared';
import { seedRollout } from '../../test/helpers/firmware.ts';

const HOUR = 3_600_000;

/** One state's share of a rollout's gadgets, and how long ago they stepped into it. */
interface Share {
  readonly state: OtaState;
  readonly count: number;
  readonly hoursAgo: number;
}

/**
 * A rollout of 100,000 gadgets a few days in: most succeeded, some failed or rolled back, 300
 * installing of which 100 for more than a day (silent), the rest offered or downloading. Scaled
 * down proportionally for a smaller fleet.
 */
export function rolloutMix(total: number): Share[] {
  const of = (n: number) => Math.round((n * total) / 100_000);
  const shares: Share[] = [
    { state: 'succeeded', count: of(90_000), hoursAgo: 30 },
    { state: 'failed', count: of(1_000), hoursAgo: 20 },
    { state: 'rolled-back', count: of(200), hoursAgo: 20 },
    { state: 'installing', count: of(100), hoursAgo: 30 },
    { state: 'installing', count: of(200), hoursAgo: 1 },
    { state: 'downloading', count: of(4_250), hoursAgo: 1 },
  ];
  const placed = shares.reduce((sum, share) => sum + share.count, 0);
  return [...shares, { state: 'offered', count: total - placed, hoursAgo: 2 }];
}

/** What countRollout should find in `mix`, with its gates' 24 h silence. */
export function expectedCounts(
  mix: readonly Share[],
  silentHours: number,
): Omit<RolloutCounts, 'at'> {
  const sum = (keep: (share: Share) => boolean) =>
    mix.filter(keep).reduce((total, share) => total + share.count, 0);
  const attempted = new Set<OtaState>(ATTEMPTED_OTA_STATES);
  return {
    offered: sum(() => true),
    attempts: sum((share) => attempted.has(share.state)),
    succeeded: sum((share) => share.state === 'succeeded'),
    failed: sum((share) => FAILED_OTA_STATES.includes(share.state)),
    silent: sum((share) => share.state === 'installing' && share.hoursAgo > silentHours),
  };
}

/** Aggregation billing: one read per 1,000 index entries matched, at least one, per query. */
export function aggregationReads(matched: number): number {
  return Math.max(1, Math.ceil(matched / 1000));
}

/** The evaluator's reads for one rollout of these counts: 5 counts, the active query, a re-read. */
export function derivedReads(counts: Omit<RolloutCounts, 'at'>): {
  perQuery: number[];
  total: number;
} {
  const perQuery = [
    counts.offered,
    counts.attempts,
    counts.succeeded,
    counts.failed,
    counts.silent,
  ].map(aggregationReads);
  return { perQuery, total: perQuery.reduce((sum, n) => sum + n, 0) + 1 + 1 };
}

type Value = Record<string, unknown>;
const str = (value: string): Value => ({ stringValue: value });
const nul: Value = { nullValue: 'NULL_VALUE' };
const int = (value: number): Value => ({ integerValue: String(value) });
const ts = (ms: number): Value => ({
  timestampValue: { seconds: String(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1_000_000 },
});

/** The fields of one gadget's `ota/current` (OtaDoc), as local-cloud's snapshot stores them. */
function otaFields(
  rollout: { id: string; model: DeviceModelId; version: string },
  share: Share,
  now: number,
  i: number,
) {
  const failed = FAILED_OTA_STATES.includes(share.state);
  const at = now - share.hoursAgo * HOUR - (i % 600) * 1000;
  return {
    state: str(share.state),
    version: str(rollout.version),
    rolloutId: str(rollout.id),
    model: str(rollout.model),
    fromVersion: str('1.2.0'),
    progress:
      share.state === 'downloading' ? int(i % 100) : share.state === 'offered' ? nul : int(100),
    error: failed ? str(share.state === 'failed' ? 'sha256-mismatch' : 'boot-failed') : nul,
    failedVersions: { arrayValue: failed ? { values: [str(rollout.version)] } : {} },
    lease: nul,
    approvedBy: nul,
    via: str('wifi'),
    stateChangedAt: ts(at),
    updatedAt: ts(at),
  };
}

interface SnapshotFile {
  databases: { name: string; documents: Record<string, unknown>[] }[];
}

/**
 * Adds `total` gadgets' `ota/current` of the rollout to what the cloud's Firestore holds, through
 * local-cloud's own snapshot and restore (the data is written to a file and loaded back with the
 * new documents): a write each would fire `onOtaWritten` 100,000 times. Returns the time it took.
 */
export async function seedRolloutFleet(
  cloud: TestCloud,
  input: {
    rollout: { id: string; model: DeviceModelId; version: string };
    mix: readonly Share[];
    now: number;
  },
): Promise<number> {
  const startedAt = performance.now();
  await cloud.idle();
  const dir = mkdtempSync(join(tmpdir(), 'bench-firmware-'));
  try {
    const file = join(dir, 'firestore.json');
    const server = cloud.cloud.firestoreServer;
    await server.snapshot(file);
    const snapshot = JSON.parse(readFileSync(file, 'utf8')) as SnapshotFile;
    const database = snapshot.databases.find((db) =>
      db.name.startsWith(`projects/${cloud.projectId}/`),
    );
    if (database === undefined) throw new Error('the project has no database to add to');
    const micros = input.now * 1000;
    let i = 0;
    for (const share of input.mix) {
      for (let n = 0; n < share.count; n++, i++) {
        database.documents.push({
          path: docPaths.otaCurrent(`${input.rollout.id}-${String(i).padStart(6, '0')}`),
          createMicros: micros,
          updateMicros: micros,
          fields: otaFields(input.rollout, share, input.now, i),
        });
      }
    }
    writeFileSync(file, JSON.stringify(snapshot));
    await server.restore(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return performance.now() - startedAt;
}

export interface EvaluatorRun {
  readonly gadgets: number;
  readonly seedMs: number;
  readonly runMs: number;
  readonly reads: number;
  readonly writes: number;
  /** What the run's write then costs in `onRolloutWritten` (the model summary's upkeep). */
  readonly trigger: { readonly reads: number; readonly writes: number };
  readonly expected: Omit<RolloutCounts, 'at'>;
  readonly counted: Omit<RolloutCounts, 'at'> | undefined;
}

/**
 * One evaluator run over a rollout of `gadgets` gadgets (the only active rollout), counted with
 * the op counters. The rollout holds (its gates hold and its stage has not soaked), so the run
 * writes only the counts; event delivery is held back while it is counted, so `onRolloutWritten`
 * (the model summary's upkeep, not the evaluator's cost) does not mix in.
 */
export async function measureEvaluator(
  cloud: TestCloud,
  rolloutId: string,
  version: string,
  gadgets: number,
  model: DeviceModelId,
): Promise<EvaluatorRun> {
  await seedRollout(cloud, { id: rolloutId, model, version, stages: [1, 10, 100] });
  const now = Date.now();
  const mix = rolloutMix(gadgets);
  const rollout = { id: rolloutId, model, version };
  const seedMs = await seedRolloutFleet(cloud, { rollout, mix, now });
  cloud.cloud.configureDelivery({ delayMs: 1_000 });
  cloud.resetOps();
  const startedAt = performance.now();
  await cloud.runSchedule('rolloutEvaluator', new Date(now));
  const runMs = performance.now() - startedAt;
  const { reads, writes } = cloud.ops();
  await cloud.idle();
  cloud.cloud.configureDelivery({ delayMs: 0 });
  const after = cloud.ops();
  const trigger = { reads: after.reads - reads, writes: after.writes - writes };
  const stored = (await cloud.firestore.doc(docPaths.rollout(rolloutId)).get()).get('counts') as
    Record<string, unknown> | undefined;
  const counted =
    stored === undefined
      ? undefined
      : {
          offered: Number(stored.offered),
          attempts: Number(stored.attempts),
          succeeded: Number(stored.succeeded),
          failed: Number(stored.failed),
          silent: Number(stored.silent),
        };
  return {
    gadgets,
    seedMs,
    runMs,
    reads,
    writes,
    trigger,
    expected: expectedCounts(mix, 24),
    counted,
  };
}
