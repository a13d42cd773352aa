// `npm run bench:soak`: local-cloud as a dev server left running all day, in a few minutes. The
// server runs in a process of its own, as `npm start` does (bench/soak/dev-server.ts), so what is
// measured is the server alone. From this process a fleet of reference gadgets (a quarter of them
// BLE, relayed by the owner's phone) runs against it at SPEED× while the app sets settings and
// sends commands (scripts/fleet's runFleet, as `npm run fleet` does): two simulated hours to warm
// up, then one simulated day. Firestore's read-time window, the one thing local-cloud keeps by
// age, is scaled by the same factor (one simulated hour), so the server keeps what a real day would
// leave it; every log is kept by count. Prints the server's heap (after a forced GC), RSS and what
// it holds every two simulated hours, and after the warm-up and after the day with everything it
// holds dropped (a reset). Budget, flat after warm-up: the heap beyond the data after the day
// ≤ 1.2× that after the warm-up; the heap with the data is printed beside the data's own growth.
// Bounded in gadgets and in time (WARM_UP_MS + DAY_MS of traffic, then the fleet's drains).
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { deleteApp, initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import type { Firestore } from 'firebase-admin/firestore';
import { seededRandom } from '@gadget/reference-gadget';
import { signInApp } from '../scripts/fleet/app-session.ts';
import { enlistGadgets } from '../scripts/fleet/enlist.ts';
import { runFleet } from '../scripts/fleet/run-fleet.ts';
import type { FleetSnapshot } from '../scripts/fleet/stats.ts';
import { checkFleet } from '../scripts/fleet/verify.ts';
import type { FleetCheck } from '../scripts/fleet/verify.ts';
import type { DevServerSample, FromDevServer, ToDevServer } from './soak/dev-server.ts';
import { recordBudgets } from './summary.ts';

const GADGETS = 12;
const BLE_GADGETS = 3;
/** Each gadget's report interval, in gadget seconds. */
const INTERVAL_SECONDS = 300;
/** Simulated seconds per real second: a day in 180 s. */
const SPEED = 480;
const SIMULATED_HOUR_MS = 3_600_000 / SPEED;
const DAY_MS = 24 * SIMULATED_HOUR_MS;
/** The server is sampled every two simulated hours of the day. */
const SAMPLE_EVERY_MS = 2 * SIMULATED_HOUR_MS;
/**
 * A first run of two simulated hours, past the first read-time window, warms the server up (its
 * code compiled, its caches, pools and logs in use) before the day.
 */
const WARM_UP_MS = 2 * SIMULATED_HOUR_MS;
const BUDGET = 1.2;
const MB = 1024 * 1024;

// No credentials locally: stop google-auth-library probing for a GCE metadata server.
process.env.METADATA_SERVER_DETECTION = 'none';
const server = fork(new URL('./soak/dev-server.ts', import.meta.url), [], {
  execArgv: ['--expose-gc'],
  env: { ...process.env, SOAK_READ_TIME_WINDOW_MS: String(SIMULATED_HOUR_MS) },
});
try {
  const ready = await next(server, 'ready');
  const admin = initializeApp({ projectId: ready.projectId }, 'soak');
  const firestore = getFirestore(admin);
  firestore.settings({
    host: ready.firestore,
    ssl: false,
    customHeaders: { Authorization: 'Bearer owner' },
  });
  try {
    console.log(`Warming up: two simulated hours (${String(WARM_UP_MS / 1000)} s)…`);
    await fleetFor(ready, firestore, WARM_UP_MS);
    const warmEmptied = await emptied(server);
    console.log(
      `One simulated day at ${String(SPEED)}× (${String(DAY_MS / 1000)} s of traffic), read-time window ${String(SIMULATED_HOUR_MS / 1000)} s…`,
    );
    const day = await fleetFor(ready, firestore, DAY_MS);
    const endEmptied = await emptied(server);
    report(day, warmEmptied, endEmptied);
  } finally {
    await deleteApp(admin);
  }
} finally {
  send(server, { type: 'stop' });
  await once(server, 'exit');
}

interface FleetDay {
  /** The server every SAMPLE_EVERY_MS of the run, under traffic. */
  readonly samples: readonly DevServerSample[];
  readonly traffic: FleetSnapshot;
  readonly check: FleetCheck;
}

/**
 * What a household does for `ms`: the owner signs in and enlists the gadgets, which then run with
 * the app's settings and commands; the server is sampled every SAMPLE_EVERY_MS.
 */
async function fleetFor(
  ready: Extract<FromDevServer, { type: 'ready' }>,
  firestore: Firestore,
  ms: number,
): Promise<FleetDay> {
  const app = await signInApp({
    projectId: ready.projectId,
    authEmulator: ready.auth,
    functionsUrl: ready.functionsUrl,
    ...ready.owner,
  });
  try {
    const gadgets = await enlistGadgets(firestore, app, {
      model: 'air-1',
      count: GADGETS,
      bleCount: BLE_GADGETS,
      intervalSeconds: INTERVAL_SECONDS,
      claimCodeSecret: ready.claimCodeSecret,
    });
    const stop = new AbortController();
    const running = runFleet({
      gadgets,
      app,
      ingestUrl: `${ready.functionsUrl}/ingest`,
      intervalSeconds: INTERVAL_SECONDS,
      speed: SPEED,
      faultRate: 0.02,
      skewSeconds: 30,
      random: seededRandom(34),
      signal: stop.signal,
    });
    // Every sample is taken under the same traffic, mid-run, so work in flight weighs alike.
    const samples: DevServerSample[] = [];
    for (let at = SAMPLE_EVERY_MS; at <= ms; at += SAMPLE_EVERY_MS) {
      await sleep(SAMPLE_EVERY_MS);
      samples.push(await sampleOf(server));
    }
    stop.abort();
    const run = await running;
    const check = await checkFleet(firestore, run.generated);
    return { samples, traffic: run.stats.snapshot(Date.now()), check };
  } finally {
    await app.close();
  }
}

/** The server once everything it holds is dropped (POST /reset): what it keeps beyond the data. */
async function emptied(child: ChildProcess): Promise<DevServerSample> {
  const done = next(child, 'reset');
  send(child, { type: 'reset' });
  await done;
  return sampleOf(child);
}

function send(child: ChildProcess, message: ToDevServer): void {
  if (child.connected) child.send(message);
}

/** The dev server's next message of `type`; rejects if it exits first. */
function next<T extends FromDevServer['type']>(
  child: ChildProcess,
  type: T,
): Promise<Extract<FromDevServer, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: FromDevServer) => {
      if (message.type !== type) return;
      child.off('exit', onExit);
      child.off('message', onMessage);
      resolve(message as Extract<FromDevServer, { type: T }>);
    };
    const onExit = (code: number | null) => {
      child.off('message', onMessage);
      reject(new Error(`the dev server exited (${String(code)}) before its ${type}`));
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

async function sampleOf(child: ChildProcess): Promise<DevServerSample> {
  const answer = next(child, 'sample');
  send(child, { type: 'sample' });
  return (await answer).sample;
}

function report(day: FleetDay, warmEmptied: DevServerSample, endEmptied: DevServerSample): void {
  const { samples, traffic, check } = day;
  const first = samples[0];
  const last = samples.at(-1);
  if (first === undefined || last === undefined) throw new Error('no samples');
  const retained = endEmptied.heapBytes / warmEmptied.heapBytes;
  const ok = retained <= BUDGET;
  const mb = (bytes: number) => (bytes / MB).toFixed(1);
  const columns = [...samples, warmEmptied, endEmptied];
  const row = (label: string, pick: (s: DevServerSample) => string) => {
    console.log(`  ${label.padEnd(27)}${columns.map((s) => pick(s).padStart(7)).join('')}`);
  };
  console.log('');
  console.log(
    `${String(GADGETS)} gadgets for a simulated day: ${String(traffic.requests)} requests, ${String(traffic.accepted)} readings accepted, ${String(traffic.settingsSet)} settings set, ${String(traffic.commandsSent)} commands sent`,
  );
  console.log(
    `  readings: ${String(check.stored)} stored, ${String(check.lost)} lost, ${String(check.duplicated)} stored twice`,
  );
  const labels = [...samples.map((_, i) => `${String((i + 1) * 2)} h`), 'warm∅', 'end∅'];
  console.log(`  ${'the dev server at'.padEnd(27)}${labels.map((l) => l.padStart(7)).join('')}`);
  row('heap after GC (MB)', (s) => mb(s.heapBytes));
  row('heap committed (MB)', (s) => mb(s.heapCommittedBytes));
  row('outside the heap (MB)', (s) => mb(s.externalBytes));
  row('RSS (MB)', (s) => mb(s.rssBytes));
  row('documents as JSON (MB)', (s) => mb(s.documentsJsonBytes));
  row('Firestore documents', (s) => String(s.documents));
  row('Firestore versions kept', (s) => String(s.versionsKept));
  row('versions as JSON (MB)', (s) => mb(s.versionsJsonBytes));
  row('deliveries logged', (s) => String(s.deliveries));
  row('pushes kept', (s) => String(s.pushes));
  row('scheduler attempts kept', (s) => String(s.schedulerAttempts));
  console.log(
    '  (warm∅, end∅: after the warm-up and after the day, everything held dropped by a reset)',
  );
  console.log(
    `  heap beyond the data: ${retained.toFixed(2)}× after the day what it was after the warm-up (budget ≤ ${String(BUDGET)}×) ${ok ? 'within budget' : 'OVER BUDGET'}`,
  );
  console.log(
    `  with the data: heap ${(last.heapBytes / first.heapBytes).toFixed(2)}× from 2 h to 24 h, while the documents grew ${mb(last.documentsJsonBytes - first.documentsJsonBytes)} MB as JSON and the versions kept ${mb(last.versionsJsonBytes - first.versionsJsonBytes)} MB (a compressed day puts each gadget's readings in one hour document, which grows all day); RSS ${(last.rssBytes / first.rssBytes).toFixed(2)}×`,
  );
  recordBudgets([
    {
      bench: 'soak',
      figure: "dev server's heap after GC beyond its data: after a simulated day / after warm-up",
      measured: `${retained.toFixed(2)}× (${mb(endEmptied.heapBytes)} / ${mb(warmEmptied.heapBytes)} MB)`,
      budget: `≤ ${String(BUDGET)}×`,
      ok,
    },
    {
      bench: 'soak',
      figure: "dev server's heap and RSS with its data, 24 h / 2 h of the day",
      measured: `${(last.heapBytes / first.heapBytes).toFixed(2)}×, ${(last.rssBytes / first.rssBytes).toFixed(2)}×`,
      budget: '',
    },
  ]);
  if (!ok) process.exitCode = 1;
}
