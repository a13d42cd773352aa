// `npm run bench:cost`: what a gadget costs the backend a month at list price, by delivery pattern,
// from what local-cloud counts while reference gadgets deliver one simulated hour each: Firestore
// reads, writes and deletes (billing rules) and every function invocation with its duration (the
// triggers a post causes included). Printed beside AWS IoT Core and Azure IoT Hub S1 at one
// message a minute; prices and their sources are in bench/cost/prices.json. With --update-docs it
// also writes the table into docs/ARCHITECTURE.md, between its bench:cost markers.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ReferenceGadget } from '@gadget/reference-gadget';
import type { TestCloud } from '@gadget/local-cloud/testing';
import { TEST_CLAIM_CODE_SECRET } from '../test/helpers/product-cloud.ts';
import { fleetOwnerApp, startFleetCloud } from '../test/helpers/fleet-cloud.ts';
import type { AppSession } from '../scripts/fleet/app-session.ts';
import { enlistGadgets } from '../scripts/fleet/enlist.ts';
import { transportFor } from '../scripts/fleet/run-fleet.ts';
import type { EnlistedGadget } from '../scripts/fleet/enlist.ts';
import { seededRandom } from '@gadget/reference-gadget';
import { meter } from './cost/meter.ts';
import type { FunctionRun } from './cost/meter.ts';
import { loadPrices } from './cost/prices.ts';
import { BUDGET_USD_PER_GADGET_MONTH, renderCostTable } from './cost/table.ts';
import type { PatternCost } from './cost/table.ts';
import { recordBudgets } from './summary.ts';

/** Gadgets per pattern, each delivering one simulated hour of a reading a minute. */
const GADGETS = 10;
const READINGS_PER_HOUR = 60;
/**
 * What `firebase deploy` gives every function of this project but the image trigger: 256 MiB
 * (the global option) and, with no `cpu` set, 1 vCPU (firebase-tools' default for 2nd gen).
 */
const MEMORY_MIB = 256;
const VCPU = 1;

interface Pattern {
  readonly name: string;
  /** Posts per gadget-hour; each carries READINGS_PER_HOUR / posts readings. */
  readonly posts: number;
  readonly ble: boolean;
}

const PATTERNS: readonly Pattern[] = [
  { name: 'each reading posted at once (Wi-Fi)', posts: 60, ble: false },
  { name: '15-minute batches (Wi-Fi)', posts: 4, ble: false },
  { name: 'hourly batches (Wi-Fi)', posts: 1, ble: false },
  { name: 'app-relayed batches of 60 (BLE)', posts: 1, ble: true },
];

const cloud = await startFleetCloud({ INGEST_RATE_LIMIT_PER_MINUTE: '100000' });
const prices = loadPrices();
const rows: PatternCost[] = [];
try {
  const app = await fleetOwnerApp(cloud, 'cost-meter');
  for (const pattern of PATTERNS) {
    const enlisted = await enlistGadgets(cloud.firestore, app, {
      model: 'thermo-1',
      count: GADGETS,
      bleCount: pattern.ble ? GADGETS : 0,
      intervalSeconds: 3600 / pattern.posts,
      claimCodeSecret: TEST_CLAIM_CODE_SECRET,
    });
    const gadgets = enlisted.map((identity) => gadgetFor(identity, app));
    // A first call each, so every gadget is in step (its settings applied) before the count.
    await Promise.all(gadgets.map((gadget) => gadget.syncOnce()));
    await cloud.idle();
    const before = await functionStats(cloud);
    cloud.resetOps();
    for (let post = 0; post < pattern.posts; post++) {
      await Promise.all(
        gadgets.map(async (gadget) => {
          for (let i = 0; i < READINGS_PER_HOUR / pattern.posts; i++) gadget.sample();
          await gadget.syncOnce();
        }),
      );
    }
    await cloud.idle();
    const firestore = cloud.ops();
    const after = await functionStats(cloud);
    const functions: FunctionRun[] = [...after].map(([name, stats]) => ({
      name,
      invocations: stats.invocations - (before.get(name)?.invocations ?? 0),
      totalDurationMs: stats.totalDurationMs - (before.get(name)?.totalDurationMs ?? 0),
      memoryMiB: MEMORY_MIB,
      vcpu: VCPU,
    }));
    rows.push({
      pattern: pattern.name,
      metered: meter(
        {
          firestore,
          functions: functions.filter((f) => f.invocations > 0),
          gadgets: GADGETS,
          gadgetHours: GADGETS,
        },
        prices,
      ),
    });
  }
  await app.close();
} finally {
  await cloud.stop();
}
const table = renderCostTable(rows, prices);
console.log(table);
if (process.argv.includes('--update-docs')) updateArchitectureDocs(table);
recordBudgets(
  rows.map(({ pattern, metered }) => ({
    bench: 'cost',
    figure: `per gadget-month, ${pattern}`,
    measured: `$${metered.perGadgetMonth.total.toFixed(4)}`,
    budget: `≤ $${BUDGET_USD_PER_GADGET_MONTH.toFixed(2)}`,
    ok: metered.perGadgetMonth.total <= BUDGET_USD_PER_GADGET_MONTH,
  })),
);

function gadgetFor(identity: EnlistedGadget, app: AppSession): ReferenceGadget {
  return new ReferenceGadget({
    identity,
    transport: transportFor(identity, app, `${cloud.functionsUrl}/ingest`),
    random: seededRandom(28),
  });
}

/** Each function's invocations and summed durations so far, from local-cloud's control API. */
async function functionStats(
  test: TestCloud,
): Promise<Map<string, { invocations: number; totalDurationMs: number }>> {
  const response = await fetch(
    `http://${test.cloud.host}:${String(test.cloud.ports.control)}/functions`,
  );
  const { functions } = (await response.json()) as {
    functions: { name: string; stats: { invocations: number; totalDurationMs: number } }[];
  };
  return new Map(functions.map((f) => [f.name, f.stats]));
}

/** Replaces the table between docs/ARCHITECTURE.md's markers, so the doc's figures are measured. */
function updateArchitectureDocs(table: string): void {
  const file = fileURLToPath(new URL('../docs/ARCHITECTURE.md', import.meta.url));
  const start = '<!-- bench:cost start -->';
  const end = '<!-- bench:cost end -->';
  const doc = readFileSync(file, 'utf8');
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  if (from < 0 || to < from) throw new Error(`docs/ARCHITECTURE.md lacks the ${start} markers`);
  const block = [
    start,
    '',
    `Written by \`npm run bench:cost -- --update-docs\` on ${new Date().toISOString().slice(0, 10)}:`,
    '',
    '```text',
    table.trimEnd(),
    '```',
    '',
  ].join('\n');
  writeFileSync(file, doc.slice(0, from) + block + doc.slice(to));
  console.log('Wrote the table into docs/ARCHITECTURE.md');
}
