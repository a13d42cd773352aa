// `npm run bench:coldstart`: the time to load the deployed bundle and serve the first ensureProfile
// call, against a bare one-callable firebase-functions + firebase-admin module, side by side in one
// run (alternating, fresh process each time) against local-cloud's Firestore. Each is installed
// alone as Cloud Build installs it. Prints the phases (module loading per package, initializeApp,
// Firestore client, first RPC, the rest) and the sizes, then two floors measured in the same loop:
// the bare callable over REST, and a callable without Firestore. Budgets: cold start ≤ 0.75× the
// bare's, warm p50 ≤ 1.1× the bare's. Fails if sharp or @google-cloud/scheduler is loaded on the
// callable path.
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startFirestoreServer } from '@gadget/local-cloud';
import { childEnv } from './coldstart/child-env.ts';
import { installBare, installDeployed } from './coldstart/install.ts';
import type { Installed } from './coldstart/install.ts';
import type { Phases, Step } from './coldstart/phases.ts';
import { median } from './median.ts';
import { recordBudgets } from './summary.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 9);
const WARM_CALLS = 100;
const BUDGET = 0.75;
const WARM_BUDGET = 1.1;

interface Sample {
  importMs: number;
  firstCallMs: number;
  phases: Phases;
  warmP50Ms: number | null;
  ok: boolean;
  error?: unknown;
  heavy: string[];
}
const VARIANTS = ['bundle', 'bare', 'bareRest', 'noFirestore'] as const;
type Variant = (typeof VARIANTS)[number];
/** The floors, by what each shows. Compared on their cold start only: they serve no warm calls. */
const FLOORS: Partial<Record<Variant, string>> = {
  bareRest: 'the bare callable over REST (preferRest), no code of ours',
  noFirestore: 'a callable without Firestore (framework and harness)',
};

const installs: Record<Variant, Installed> = {
  bundle: await installDeployed(`${ROOT}functions`),
  bare: await installBare(`${ROOT}functions`, `${ROOT}bench/coldstart/bare-callable.ts`),
  // The floors: what the SDK costs over REST with no code of ours, and what the rest costs.
  bareRest: await installBare(`${ROOT}functions`, `${ROOT}bench/coldstart/bare-callable-rest.ts`, [
    'google-auth-library',
  ]),
  noFirestore: await installBare(
    `${ROOT}functions`,
    `${ROOT}bench/coldstart/no-firestore-callable.ts`,
  ),
};

const firestore = await startFirestoreServer({ strictIndexes: false });
const env = childEnv(firestore.address, 'demo-bench');

const samples: Record<Variant, Sample[]> = { bundle: [], bare: [], bareRest: [], noFirestore: [] };
try {
  for (let i = 0; i < SAMPLES + 1; i++) {
    for (const name of VARIANTS) {
      const { dir, entry } = installs[name];
      const { stdout } = await run(
        process.execPath,
        [
          `${ROOT}bench/coldstart/child.ts`,
          entry,
          String(FLOORS[name] === undefined ? WARM_CALLS : 0),
        ],
        { env, cwd: dir },
      );
      // The functions log to stdout too; the report is the last line.
      const sample = JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as Sample;
      if (!sample.ok)
        throw new Error(`${name}: the first call failed: ${JSON.stringify(sample.error)}`);
      // The first round warms the OS file cache for both; it is not counted.
      if (i > 0) samples[name].push(sample);
    }
  }
} finally {
  await firestore.stop();
  for (const { dir } of Object.values(installs)) rmSync(dir, { recursive: true, force: true });
}

const med = (name: Variant, pick: (s: Sample) => number) => median(samples[name].map(pick));
const summary = (name: Variant) => ({
  importMs: med(name, (s) => s.importMs),
  firstCallMs: med(name, (s) => s.firstCallMs),
  totalMs: med(name, (s) => s.importMs + s.firstCallMs),
  warmP50Ms: med(name, (s) => s.warmP50Ms ?? Number.NaN),
});
const bundle = summary('bundle');
const bare = summary('bare');
const ratio = bundle.totalMs / bare.totalMs;
const warmRatio = bundle.warmP50Ms / bare.warmP50Ms;

const ms = (value: number) => `${value.toFixed(0).padStart(6)} ms`;
const row = (label: string, pick: (s: Sample) => number) =>
  `${label.padEnd(34)}${ms(med('bundle', pick))}  ${ms(med('bare', pick))}`;
console.log(
  `Cold start: load + first ensureProfile call, median of ${String(SAMPLES)} fresh processes each (Node ${process.version})`,
);
console.log('');
console.log(`${''.padEnd(34)}   bundle        bare`);
console.log('load, per package (own time):');
for (const name of topPackages('load')) {
  console.log(row(`  ${name}`, (s) => s.phases.load.modules[name] ?? 0));
}
console.log(row('  load, total', (s) => s.importMs));
console.log('first call:');
const steps: [Step, string][] = [
  ['initializeApp', 'initializeApp'],
  ['firestoreClient', 'Firestore client creation'],
  ['firstRpc', 'first Firestore RPC'],
  ['otherRpcs', 'later RPCs of the call'],
];
for (const [step, label] of steps) {
  console.log(row(`  ${label}`, (s) => s.phases.call.steps[step] ?? 0));
}
console.log(row('  response (all the rest)', (s) => s.firstCallMs - stepsMs(s.phases.call)));
console.log(row('  first call, total', (s) => s.firstCallMs));
console.log(
  row('  Firestore RPCs in the first call', (s) => s.phases.rpcs).replaceAll(' ms', '   '),
);
console.log('  of it, modules loaded lazily:');
for (const name of topPackages('call')) {
  console.log(row(`    ${name}`, (s) => s.phases.call.modules[name] ?? 0));
}
console.log(row('  at load: initializeApp', (s) => s.phases.load.steps.initializeApp ?? 0));
console.log(row('total', (s) => s.importMs + s.firstCallMs));
console.log(row(`warm p50 of ${String(WARM_CALLS)} calls`, (s) => s.warmP50Ms ?? Number.NaN));
console.log('');
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
for (const name of ['bundle', 'bare'] as const) {
  const { uploadBytes, nodeModulesBytes, nodeModulesFiles } = installs[name].sizes;
  console.log(
    `size, ${name}: upload ${kb(uploadBytes)}, installed node_modules ${(nodeModulesBytes / 1024 / 1024).toFixed(1)} MB in ${String(nodeModulesFiles)} files`,
  );
}
console.log('');
console.log('floors, in the same run (load + first call):');
for (const name of VARIANTS) {
  const label = FLOORS[name];
  if (label === undefined) continue;
  const total = med(name, (s) => s.importMs + s.firstCallMs);
  console.log(`  ${label.padEnd(60)}${ms(total)}  ${(total / bare.totalMs).toFixed(2)}× the bare`);
}
console.log('');
console.log(
  `ratio bundle / bare: ${ratio.toFixed(2)}× (budget ≤ ${String(BUDGET)}×) ${ratio <= BUDGET ? 'within budget' : 'OVER BUDGET'}`,
);
console.log(
  `warm p50 bundle / bare: ${warmRatio.toFixed(2)}× (budget ≤ ${String(WARM_BUDGET)}×) ${warmRatio <= WARM_BUDGET ? 'within budget' : 'OVER BUDGET'}`,
);

const heavy = [...new Set(samples.bundle.flatMap((s) => s.heavy))];
const forbidden = heavy.filter((name) => name !== '@grpc/grpc-js');
recordBudgets([
  {
    bench: 'coldstart',
    figure: 'load + first callable, bundle / bare',
    measured: `${ratio.toFixed(2)}× (${bundle.totalMs.toFixed(0)} / ${bare.totalMs.toFixed(0)} ms)`,
    budget: `≤ ${String(BUDGET)}×`,
    ok: ratio <= BUDGET,
  },
  {
    bench: 'coldstart',
    figure: `warm p50 of ${String(WARM_CALLS)} ensureProfile calls, bundle / bare`,
    measured: `${warmRatio.toFixed(2)}× (${bundle.warmP50Ms.toFixed(1)} / ${bare.warmP50Ms.toFixed(1)} ms)`,
    budget: `≤ ${String(WARM_BUDGET)}×`,
    ok: warmRatio <= WARM_BUDGET,
  },
  {
    bench: 'coldstart',
    figure: 'sharp, @google-cloud/scheduler on the callable path',
    measured: forbidden.length > 0 ? `loaded: ${forbidden.join(', ')}` : 'not loaded',
    budget: 'not loaded',
    ok: forbidden.length === 0,
  },
]);
console.log(
  `gRPC stack (@grpc/grpc-js) on the callable path: ${heavy.includes('@grpc/grpc-js') ? 'loaded' : 'not loaded'}`,
);
if (forbidden.length > 0) {
  console.error(`FAIL: the callable path loaded ${forbidden.join(', ')}`);
  process.exit(1);
}
console.log('sharp and @google-cloud/scheduler: not loaded on the callable path');

function stepsMs(window: Phases['call']): number {
  return Object.values(window.steps).reduce((sum, value) => sum + value, 0);
}

/** The packages that take at least 5 ms in either variant, slowest first. */
function topPackages(window: 'load' | 'call'): string[] {
  const names = new Set(
    [samples.bundle, samples.bare].flatMap((list) =>
      list.flatMap((s) => Object.keys(s.phases[window].modules)),
    ),
  );
  const largest = (name: string) =>
    Math.max(
      med('bundle', (s) => s.phases[window].modules[name] ?? 0),
      med('bare', (s) => s.phases[window].modules[name] ?? 0),
    );
  return [...names].filter((name) => largest(name) >= 5).sort((a, b) => largest(b) - largest(a));
}
