// `npm run bench:coldstart`: the time to load the deployed bundle and serve the first ensureProfile
// call, against a bare one-callable firebase-functions + firebase-admin module, side by side in one
// run (alternating, fresh process each time) against local-cloud's Firestore. Budget: ≤ 1.3×.
// Fails if sharp or @google-cloud/scheduler is loaded on the callable path.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startFirestoreServer } from '@gadget/local-cloud';
import { median } from './median.ts';
import { recordBudgets } from './summary.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 9);
const BUDGET = 1.3;

const variants = {
  bundle: `${ROOT}functions/lib/index.js`,
  bare: `${ROOT}bench/coldstart/bare-callable.ts`,
} as const;

interface Sample {
  importMs: number;
  firstCallMs: number;
  ok: boolean;
  error?: unknown;
  heavy: string[];
}

const firestore = await startFirestoreServer({ strictIndexes: false });
const env = {
  ...process.env,
  FIRESTORE_EMULATOR_HOST: firestore.address,
  GCLOUD_PROJECT: 'demo-bench',
  // As Cloud Functions sets it: storage triggers resolve their default bucket from it at load.
  FIREBASE_CONFIG: JSON.stringify({
    projectId: 'demo-bench',
    storageBucket: 'demo-bench.appspot.com',
  }),
  FUNCTIONS_EMULATOR: 'true',
  FIREBASE_DEBUG_MODE: 'true',
  FIREBASE_DEBUG_FEATURES: JSON.stringify({ skipTokenVerification: true }),
  METADATA_SERVER_DETECTION: 'none',
  APP_CHECK_ENFORCED: 'false',
};

const samples: Record<keyof typeof variants, Sample[]> = { bundle: [], bare: [] };
try {
  for (let i = 0; i < SAMPLES + 1; i++) {
    for (const [name, path] of Object.entries(variants) as [keyof typeof variants, string][]) {
      const { stdout } = await run(process.execPath, [`${ROOT}bench/coldstart/child.ts`, path], {
        env,
        cwd: ROOT,
      });
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
}

const summary = Object.fromEntries(
  Object.entries(samples).map(([name, list]) => {
    const importMs = median(list.map((s) => s.importMs));
    const firstCallMs = median(list.map((s) => s.firstCallMs));
    const totalMs = median(list.map((s) => s.importMs + s.firstCallMs));
    return [name, { importMs, firstCallMs, totalMs }];
  }),
) as Record<keyof typeof variants, { importMs: number; firstCallMs: number; totalMs: number }>;

const ratio = summary.bundle.totalMs / summary.bare.totalMs;
const fmt = (ms: number) => `${ms.toFixed(0).padStart(6)} ms`;
console.log(
  `Cold start: load + first ensureProfile call, median of ${SAMPLES} fresh processes each (Node ${process.version})`,
);
console.log('');
console.log('                      load      first call      total');
console.log(
  `deployed bundle  ${fmt(summary.bundle.importMs)}  ${fmt(summary.bundle.firstCallMs)}  ${fmt(summary.bundle.totalMs)}`,
);
console.log(
  `bare callable    ${fmt(summary.bare.importMs)}  ${fmt(summary.bare.firstCallMs)}  ${fmt(summary.bare.totalMs)}`,
);
console.log('');
console.log(
  `ratio bundle / bare: ${ratio.toFixed(2)}× (budget ≤ ${String(BUDGET)}×) ${ratio <= BUDGET ? 'within budget' : 'OVER BUDGET'}`,
);

const heavy = [...new Set(samples.bundle.flatMap((s) => s.heavy))];
recordBudgets([
  {
    bench: 'coldstart',
    figure: 'load + first callable, bundle / bare',
    measured: `${ratio.toFixed(2)}× (${summary.bundle.totalMs.toFixed(0)} / ${summary.bare.totalMs.toFixed(0)} ms)`,
    budget: `≤ ${String(BUDGET)}×`,
    ok: ratio <= BUDGET,
  },
  {
    bench: 'coldstart',
    figure: 'sharp, @google-cloud/scheduler on the callable path',
    measured: heavy.length > 0 ? `loaded: ${heavy.join(', ')}` : 'not loaded',
    budget: 'not loaded',
    ok: heavy.length === 0,
  },
]);
if (heavy.length > 0) {
  console.error(`FAIL: the callable path loaded ${heavy.join(', ')}`);
  process.exit(1);
}
console.log('sharp and @google-cloud/scheduler: not loaded on the callable path');
