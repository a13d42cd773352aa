// `npm run bench:fleet`: 200 reference gadgets against the product's ingest on local-cloud, on
// loopback, bounded in rounds: accepted and refused requests, p50 and p99, readings lost and stored
// twice (both must be 0), the hours' counts against what was accepted; and throughput as a ratio
// against a bare HTTPS function that writes one document per request, the same requests with the
// same concurrency in the same run (budget ≥ 0.5×), each endpoint warmed by one untimed round first
// (JIT, connections, the instance's caches) so neither is timed cold.
import { fileURLToPath } from 'node:url';
import { ReferenceGadget } from '@gadget/reference-gadget';
import type { GadgetEvent } from '@gadget/reference-gadget';
import { startTestCloud } from '@gadget/local-cloud/testing';
import type { TestCloud } from '@gadget/local-cloud/testing';
import { TEST_CLAIM_CODE_SECRET } from '../test/helpers/product-cloud.ts';
import { fleetOwnerApp, startFleetCloud } from '../test/helpers/fleet-cloud.ts';
import { enlistGadgets } from '../scripts/fleet/enlist.ts';
import { seededRandom } from '@gadget/reference-gadget';
import { FleetStats } from '../scripts/fleet/stats.ts';
import { checkFleet } from '../scripts/fleet/verify.ts';
import { recordBudgets } from './summary.ts';

const GADGETS = 200;
const ROUNDS = 5;
const READINGS_PER_CALL = 10;
const BUDGET = 0.5;
const ROOT = fileURLToPath(new URL('../', import.meta.url));

const product = await startFleetCloud({ INGEST_RATE_LIMIT_PER_MINUTE: '100000' });
const bare = await startTestCloud({
  functions: { bundle: `${ROOT}bench/fleet/bare-ingest.ts`, functionsDir: `${ROOT}bench/fleet` },
});
try {
  const app = await fleetOwnerApp(product, 'fleet-bench');
  console.log(`Enlisting ${String(GADGETS)} gadgets (provision, claim, key, interval)…`);
  const enlisted = await enlistGadgets(product.firestore, app, {
    model: 'thermo-1',
    count: GADGETS,
    bleCount: 0,
    intervalSeconds: 60,
    claimCodeSecret: TEST_CLAIM_CODE_SECRET,
  });
  await app.close();
  const random = seededRandom(29);
  const stats = new FleetStats(Date.now());
  const bodies: unknown[] = [];
  const gadgets = enlisted.map(
    (identity) =>
      new ReferenceGadget({
        identity,
        transport: { kind: 'wifi', ingestUrl: `${product.functionsUrl}/ingest` },
        random,
        onEvent: (event: GadgetEvent) => {
          if (event.type === 'request') {
            stats.request(Date.now(), event.status, event.code, event.latencyMs);
          } else if (event.type === 'readings') {
            stats.readings(event.accepted, event.duplicates);
          }
        },
      }),
  );

  const productRound = () =>
    Promise.all(
      gadgets.map(async (gadget) => {
        for (let i = 0; i < READINGS_PER_CALL; i++) gadget.sample();
        await gadget.syncOnce();
      }),
    );
  await productRound();
  const productMs = await timed(async () => {
    for (let round = 0; round < ROUNDS; round++) await productRound();
  });
  const productSnapshot = stats.snapshot(Date.now());
  // The bare endpoint gets as many requests, as many at a time, each a gadget's body of the size
  // the product got (READINGS_PER_CALL readings).
  for (const gadget of gadgets.slice(0, 1)) {
    for (let i = 0; i < READINGS_PER_CALL; i++) gadget.sample();
    bodies.push({ readings: gadget.status.bufferedReadings });
  }
  const bareRound = () => Promise.all(gadgets.map(() => post(bare, bodies[0])));
  await bareRound();
  const bareMs = await timed(async () => {
    for (let round = 0; round < ROUNDS; round++) await bareRound();
  });

  const check = await checkFleet(
    product.firestore,
    gadgets.map((gadget, index) => ({
      deviceId: enlisted[index]?.deviceId ?? '',
      generatedIds: gadget.status.generatedIds.filter(
        (id) => !gadget.status.bufferedReadings.some((reading) => reading.id === id),
      ),
    })),
  );
  const timedRequests = GADGETS * ROUNDS;
  const sent = GADGETS * (ROUNDS + 1);
  const productRate = timedRequests / (productMs / 1000);
  const bareRate = timedRequests / (bareMs / 1000);
  const ratio = productRate / bareRate;
  const refused = Object.values(productSnapshot.refusals).reduce((sum, n) => sum + n, 0);
  const ok =
    ratio >= BUDGET &&
    check.lost === 0 &&
    check.duplicated === 0 &&
    check.stored === productSnapshot.accepted;
  console.log('');
  console.log(
    `${String(GADGETS)} gadgets × (1 warm-up + ${String(ROUNDS)} timed) calls of ${String(READINGS_PER_CALL)} readings`,
  );
  console.log(`  requests: ${String(sent - refused)} accepted, ${String(refused)} refused`);
  console.log(
    `  latency: p50 ${String(productSnapshot.p50Ms)} ms, p99 ${String(productSnapshot.p99Ms)} ms`,
  );
  console.log(
    `  readings: ${String(productSnapshot.accepted)} accepted, ${String(check.stored)} in the hours, ${String(check.lost)} lost, ${String(check.duplicated)} stored twice`,
  );
  console.log(
    `  throughput: ingest ${productRate.toFixed(0)} requests/s, bare ${bareRate.toFixed(0)} requests/s: ${ratio.toFixed(2)}× (budget ≥ ${String(BUDGET)}×) ${ratio >= BUDGET ? 'within budget' : 'UNDER BUDGET'}`,
  );
  recordBudgets([
    {
      bench: 'fleet',
      figure: `ingest throughput, ${String(GADGETS)} gadgets, / a bare one-write function`,
      measured: `${ratio.toFixed(2)}× (${productRate.toFixed(0)} / ${bareRate.toFixed(0)} requests/s)`,
      budget: `≥ ${String(BUDGET)}×`,
      ok: ratio >= BUDGET,
    },
    {
      bench: 'fleet',
      figure: 'readings lost, stored twice; hours against accepted',
      measured: `${String(check.lost)}, ${String(check.duplicated)}; ${String(check.stored)} / ${String(productSnapshot.accepted)}`,
      budget: '0, 0; equal',
      ok: check.lost === 0 && check.duplicated === 0 && check.stored === productSnapshot.accepted,
    },
  ]);
  if (!ok) process.exitCode = 1;
} finally {
  await product.stop();
  await bare.stop();
}

async function timed(work: () => Promise<void>): Promise<number> {
  const startedAt = performance.now();
  await work();
  return performance.now() - startedAt;
}

async function post(cloud: TestCloud, body: unknown): Promise<void> {
  const response = await fetch(`${cloud.functionsUrl}/ingest`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 200) throw new Error(`bare ingest answered ${String(response.status)}`);
  await response.arrayBuffer();
}
