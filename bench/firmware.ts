// `npm run bench:firmware`: what firmware updates cost, on local-cloud with the product's functions
// (loopback only, bounded: one evaluator run per fleet size, six counted ingest calls, one download),
// against the budgets of the update design:
// - the rollout evaluator's Firestore reads for one run over a rollout of 100,000 gadgets, measured
//   by the op counters beside the figure aggregation billing gives (one read per 1,000 index
//   entries matched, at least one, per count query; 5 counts + the active-rollouts query + the
//   transaction's re-read; 1 write), and its cost per run and per month at its 15-minute schedule:
//   ≤ 350 reads and 1 write per run;
// - an ingest call with no rollout for its model, and one outside the current stage, must cost
//   exactly the plain readings call (measured side by side, rollout cache warm); the first offer,
//   a repeated offer and a progress report as "+N reads, +M writes" over the call without a rollout;
// - a 2 MB image in 64 KiB ranges with two cuts: bytes received against the image's size
//   (< 2 MB + 2 × 64 KiB), requests, and the download function's reads per range request (4).
import { docPaths } from '@gadget/shared';
import { loadPrices, HOURS_PER_MONTH, unitPrice } from './cost/prices.ts';
import { seedRelease, signingKey } from '../test/helpers/firmware.ts';
import { startTelemetryCloud } from '../test/helpers/telemetry.ts';
import { measureDownload } from './firmware/download.ts';
import type { DownloadFigures } from './firmware/download.ts';
import { derivedReads, measureEvaluator } from './firmware/evaluator.ts';
import type { EvaluatorRun } from './firmware/evaluator.ts';
import { measureIngest } from './firmware/ingest.ts';
import type { IngestFigures, Ops } from './firmware/ingest.ts';
import { recordBudgets } from './summary.ts';
import type { BudgetRow } from './summary.ts';

const FLEETS = [10_000, 100_000];
const BUDGET_READS = 350;
const BUDGET_WRITES = 1;
const RUNS_PER_MONTH = HOURS_PER_MONTH * 4;
const IMAGE_BYTES = 2 * 1024 * 1024;
const VERSION = '1.4.0';

const rows: BudgetRow[] = [];
const n = (value: number) => value.toLocaleString('en-US');
const ops = ({ reads, writes }: Ops) =>
  `${n(reads)} read${reads === 1 ? '' : 's'}, ${n(writes)} write${writes === 1 ? '' : 's'}`;
const verdict = (ok: boolean) => (ok ? 'ok' : 'OVER BUDGET');
const startedAt = performance.now();

console.log(
  'Firmware updates on local-cloud, Firestore operations by its counters (billing rules)',
);

// 1. The evaluator, in a cloud of its own: its 100,000 update documents stay out of the rest.
console.log(
  '\nRollout evaluator, one run over the one active rollout; both sizes measured, the update ' +
    "documents loaded by local-cloud's snapshot restore",
);
const runs: EvaluatorRun[] = [];
{
  const cloud = await startTelemetryCloud();
  try {
    const key = signingKey();
    for (const [index, gadgets] of FLEETS.entries()) {
      // Each fleet is its own model's rollout, the previous one paused (an evaluator run counts
      // active rollouts only).
      const model = index % 2 === 0 ? 'air-1' : 'thermo-1';
      await seedRelease(cloud, key, { model, version: VERSION, size: 1_000 });
      const id = `fleet-${String(gadgets)}`;
      runs.push(await measureEvaluator(cloud, id, VERSION, gadgets, model));
      await cloud.firestore.doc(docPaths.rollout(id)).update({ state: 'paused' });
      await cloud.idle();
    }
  } finally {
    await cloud.stop();
  }
}
const prices = loadPrices();
const readUsd = unitPrice(prices.firestore.reads);
const writeUsd = unitPrice(prices.firestore.writes);
console.log(
  `  ${'gadgets'.padStart(7)}  ${'seeded'.padStart(6)}  ${'run'.padStart(6)}  ${'measured'.padEnd(19)}  derived (aggregation billing: ⌈matched / 1,000⌉ per count)`,
);
for (const run of runs) {
  const derived = derivedReads(run.expected);
  console.log(
    `  ${n(run.gadgets).padStart(7)}  ${seconds(run.seedMs).padStart(6)}  ${seconds(run.runMs).padStart(6)}  ` +
      `${ops(run).padEnd(19)}  ${derived.perQuery.join(' + ')} + 1 + 1 = ${n(derived.total)} reads, 1 write`,
  );
  const countsOk = JSON.stringify(run.counted) === JSON.stringify(run.expected);
  if (!countsOk) {
    console.log(
      `  counts recorded ${JSON.stringify(run.counted)} are not the seeded ${JSON.stringify(run.expected)}`,
    );
  }
  const budgeted = run.gadgets === 100_000;
  const ok = run.reads <= BUDGET_READS && run.writes === BUDGET_WRITES && countsOk;
  rows.push({
    bench: 'firmware',
    figure: `rolloutEvaluator, one run over ${n(run.gadgets)} gadgets`,
    measured: `${ops(run)} (derived ${n(derived.total)} reads, 1 write)`,
    budget: budgeted ? `≤ ${String(BUDGET_READS)} reads, ${String(BUDGET_WRITES)} write` : '',
    ...(budgeted ? { ok } : {}),
  });
}
const full = runs.find((run) => run.gadgets === 100_000);
if (full !== undefined) {
  const { expected } = full;
  const derived = derivedReads(expected);
  console.log(
    `  at 100,000: ${n(expected.offered)} offered, ${n(expected.attempts)} attempts, ${n(expected.succeeded)} succeeded, ` +
      `${n(expected.failed)} failed or rolled back, ${n(expected.silent)} silent; 5 counts ` +
      `${derived.perQuery.join(' + ')}, the active rollouts 1, the transaction's re-read 1`,
  );
  console.log(
    `  budget at 100,000: ≤ ${String(BUDGET_READS)} reads, ${String(BUDGET_WRITES)} write per run: ` +
      `${ops(full)} ${verdict(full.reads <= BUDGET_READS && full.writes === BUDGET_WRITES)}`,
  );
  const readsPerRun = full.reads * readUsd;
  const perRun = readsPerRun + full.writes * writeUsd;
  const perMonth = perRun * RUNS_PER_MONTH;
  console.log(
    `  cost at list price (${prices.firestore.location}): ${n(full.reads)} reads × ` +
      `$${String(prices.firestore.reads.usd)} / ${n(prices.firestore.reads.per)} = $${readsPerRun.toFixed(7)} a run; ` +
      `× ${n(RUNS_PER_MONTH)} runs a month (every 15 minutes, ${String(HOURS_PER_MONTH)} h) = ` +
      `${n(full.reads * RUNS_PER_MONTH)} reads, $${(readsPerRun * RUNS_PER_MONTH).toFixed(2)} a month; ` +
      `with its write $${perRun.toFixed(7)} a run, $${perMonth.toFixed(2)} a month`,
  );
  console.log(
    `  then onRolloutWritten, which the run's write triggers (the model summary's upkeep, not ` +
      `counted above): ${ops(full.trigger)}`,
  );
  rows.push({
    bench: 'firmware',
    figure: 'rolloutEvaluator at 100,000 gadgets, every 15 minutes',
    measured: `$${perRun.toFixed(7)} per run, $${perMonth.toFixed(2)} a month`,
    budget: '',
  });
}

// 2 and 3. Ingest and the download, in a cloud with the deployed rollout cache (60 s).
let ingest: IngestFigures | undefined;
let download: DownloadFigures | undefined;
{
  const cloud = await startTelemetryCloud({ INGEST_RATE_LIMIT_PER_MINUTE: '100000' });
  try {
    const key = signingKey();
    await seedRelease(cloud, key, { version: VERSION, size: IMAGE_BYTES });
    ingest = await measureIngest(cloud, VERSION);
    download = await measureDownload(cloud, ingest.offered, {
      size: IMAGE_BYTES,
      publicKey: key.publicKey,
    });
  } finally {
    await cloud.stop();
  }
}

console.log(
  `\nIngest, 10 readings a call, the rollout cache warm (MODEL_CACHE_SECONDS 60); rollout ` +
    `${ingest.rolloutId} at its ${String(ingest.stagePercent)} % stage`,
);
const base = ingest.noRollout;
const plainRow = (label: string, measured: Ops) => {
  const ok = measured.reads === ingest.plain.reads && measured.writes === ingest.plain.writes;
  console.log(
    `  ${label.padEnd(57)} ${ops(measured).padEnd(18)} (= the plain call: ${ops(ingest.plain)}) ${verdict(ok)}`,
  );
  rows.push({
    bench: 'firmware',
    figure: `ingest ${label}`,
    measured: ops(measured),
    budget: `= the plain call (${ops(ingest.plain)})`,
    ok,
  });
};
const overRow = (label: string, measured: Ops, expected: Ops) => {
  const extra = { reads: measured.reads - base.reads, writes: measured.writes - base.writes };
  const ok = extra.reads === expected.reads && extra.writes === expected.writes;
  const plus = ({ reads, writes }: Ops) =>
    `+${String(reads)} read${reads === 1 ? '' : 's'}, +${String(writes)} write${writes === 1 ? '' : 's'}`;
  console.log(
    `  ${label.padEnd(57)} ${ops(measured).padEnd(18)} ${plus(extra)} over (a) (design: ${plus(expected)}) ${verdict(ok)}`,
  );
  rows.push({
    bench: 'firmware',
    figure: `ingest ${label}`,
    measured: `${plus(extra)} over (a)`,
    budget: plus(expected),
    ok,
  });
};
console.log(`  ${'the plain call: readings only'.padEnd(57)} ${ops(ingest.plain)}`);
plainRow('(a) + sync + firmware, the model has no rollout', ingest.noRollout);
plainRow('(b) + sync + firmware, outside the active rollout’s stage', ingest.outsideStage);
// The update document and the owner's profile (quiet hours) read, the update document written.
overRow('(c) + sync + firmware, receives the first offer', ingest.firstOffer, {
  reads: 2,
  writes: 1,
});
// The update document read, nothing written.
overRow('(d) + sync + firmware, the offer repeated', ingest.repeatedOffer, { reads: 1, writes: 0 });
// The update document read and written.
overRow('(e) + sync + firmware, reports downloading 3 %', ingest.report, { reads: 1, writes: 1 });

const CHUNK = download.chunk;
const limit = download.size + 2 * CHUNK;
const ratio = download.received / download.size;
const reads = download.perRequest.map((request) => request.reads);
const writes = download.perRequest.map((request) => request.writes);
const bytesOk = download.received < limit && download.cuts === 2;
/** The device's key document and its update document. */
const RANGE_READS = 2;
const readsOk =
  reads.every((count) => count === RANGE_READS) && writes.every((count) => count === 0);
console.log(
  `\nA ${n(download.size)}-byte image in ${n(CHUNK)}-byte ranges, the reference gadget's ` +
    `connection cut twice (cutDownload, seed ${String(download.seed)})`,
);
console.log(
  `  bytes received ${n(download.received)} / ${n(download.size)} = ${ratio.toFixed(4)}× ` +
    `(budget < ${n(limit)}, 2 MB + 2 × 64 KiB) ${verdict(bytesOk)}`,
);
console.log(
  `  bytes kept ${n(download.kept)}; ${String(download.requests)} range requests, ` +
    `${String(download.cuts)} of them cut; the update ended ${download.outcome}`,
);
console.log(
  `  download function per range request: ${range(reads)} reads, ${range(writes)} writes ` +
    `(expected ${String(RANGE_READS)} reads: the device's key document and its update) ${verdict(readsOk)}`,
);
rows.push(
  {
    bench: 'firmware',
    figure: '2 MB image in 64 KiB ranges, 2 cuts: bytes received',
    measured: `${n(download.received)} (${ratio.toFixed(4)}×, ${String(download.requests)} requests, ${String(download.cuts)} cut)`,
    budget: `< ${n(limit)}`,
    ok: bytesOk,
  },
  {
    bench: 'firmware',
    figure: 'firmwareDownload, Firestore reads per range request',
    measured: `${range(reads)} reads, ${range(writes)} writes`,
    budget: `${String(RANGE_READS)} reads, 0 writes`,
    ok: readsOk,
  },
);
console.log(`\n${seconds(performance.now() - startedAt)} in all`);

recordBudgets(rows);
if (rows.some((row) => row.ok === false)) process.exitCode = 1;

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** `4`, or `3–5` when the requests differ. */
function range(values: readonly number[]): string {
  const low = Math.min(...values);
  const high = Math.max(...values);
  return low === high ? String(low) : `${String(low)}–${String(high)}`;
}
