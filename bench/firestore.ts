// Throughput of local-cloud's Firestore through the unmodified firebase-admin SDK: point reads,
// commits (batched and single) and an equality + orderBy + limit 50 query, at 10k and 100k documents.
// Run: npm run bench:firestore
import { deleteApp, initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import type { Firestore } from 'firebase-admin/firestore';
import { startFirestoreServer } from '../local-cloud/src/firestore/index.ts';
import { recordBudgets } from './summary.ts';

const SIZES = [10_000, 100_000];
const BATCH = 500;
const TEAMS = 100;

/** Runs `fn`, prints and returns its rate in operations per second. */
async function timed(label: string, count: number, fn: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await fn();
  const ms = performance.now() - start;
  console.log(
    `  ${label.padEnd(44)} ${String(Math.round((count / ms) * 1000)).padStart(8)} ops/s  (${count} in ${ms.toFixed(0)} ms)`,
  );
  return (count / ms) * 1000;
}

async function seed(db: Firestore, n: number): Promise<void> {
  for (let i = 0; i < n; i += BATCH) {
    const batch = db.batch();
    for (let j = i; j < Math.min(n, i + BATCH); j++) {
      batch.set(db.doc(`items/i${String(j)}`), {
        team: `t${String(j % TEAMS)}`,
        score: (j * 7919) % 1000,
        n: j,
      });
    }
    await batch.commit();
  }
}

interface Rates {
  pointReads: number;
  commits: number;
  queries: number;
}

async function runSize(db: Firestore, n: number): Promise<Rates> {
  console.log(`\n${n.toLocaleString('en-US')} documents`);
  await timed('seed (batched commits of 500 writes)', n, () => seed(db, n));
  const reads = 2000;
  const pointReads = await timed('point reads (sequential get)', reads, async () => {
    for (let i = 0; i < reads; i++) await db.doc(`items/i${String((i * 31) % n)}`).get();
  });
  await timed('point reads (100 concurrent)', reads, async () => {
    for (let i = 0; i < reads; i += 100)
      await Promise.all(
        Array.from({ length: 100 }, (_, k) => db.doc(`items/i${String((i + k) % n)}`).get()),
      );
  });
  const commits = 1000;
  const commitRate = await timed('single-write commits (sequential)', commits, async () => {
    for (let i = 0; i < commits; i++)
      await db.doc(`items/i${String(i % n)}`).update({ score: i % 1000 });
  });
  const queries = 200;
  const queryRate = await timed('query ==, orderBy, limit 50 (sequential)', queries, async () => {
    for (let i = 0; i < queries; i++) {
      const snap = await db
        .collection('items')
        .where('team', '==', `t${String(i % TEAMS)}`)
        .orderBy('score', 'desc')
        .limit(50)
        .get();
      if (snap.size !== 50) throw new Error(`expected 50 results, got ${String(snap.size)}`);
    }
  });
  return { pointReads, commits: commitRate, queries: queryRate };
}

const server = await startFirestoreServer({ strictIndexes: false });
process.env.FIRESTORE_EMULATOR_HOST = server.address;
// No credentials locally: stop google-auth-library probing for a GCE metadata server.
process.env.METADATA_SERVER_DETECTION = 'none';
const app = initializeApp({ projectId: 'demo-bench' });
const db = getFirestore(app);
const rates: Rates[] = [];
try {
  for (const n of SIZES) {
    server.reset();
    rates.push(await runSize(db, n));
  }
} finally {
  await deleteApp(app);
  await server.stop();
}

// An indexed query costs the same at 10k and 100k documents; a scan would be ten times slower.
const [small, large] = rates;
if (small && large) {
  const slowdown = small.queries / large.queries;
  const perSecond = (rate: number) => `${Math.round(rate).toLocaleString('en-US')}/s`;
  console.log(
    `\nquery at 100k vs 10k documents: ${slowdown.toFixed(2)}× the time (budget ≤ 2×, a scan is ~10×)`,
  );
  recordBudgets([
    {
      bench: 'firestore',
      figure: 'local-cloud: == + orderBy + limit 50 query, 100k vs 10k docs',
      measured: `${slowdown.toFixed(2)}× the time (${perSecond(large.queries)})`,
      budget: '≤ 2× (no scan)',
      ok: slowdown <= 2,
    },
    {
      bench: 'firestore',
      figure: 'local-cloud at 100k docs: point reads, single-write commits',
      measured: `${perSecond(large.pointReads)}, ${perSecond(large.commits)}`,
      budget: '',
    },
  ]);
  if (slowdown > 2) process.exitCode = 1;
}
