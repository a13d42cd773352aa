// Realtime listeners on local-cloud's Firestore: 1,000 listeners (document and query targets) over
// 10,000 documents, commits from firebase-admin, all in one run. Prints the latency from a commit
// to every affected listener's snapshot, what a commit that no listener watches costs against the
// same commit with no listeners at all, and the server's memory per idle listener.
// Run: npm run bench:listen
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { deleteApp, initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import type { Firestore } from 'firebase-admin/firestore';
import { startFirestoreServer } from '../local-cloud/src/firestore/index.ts';
import type { ListenerPlan, Seen } from './listen/listeners.ts';
import { median } from './median.ts';
import { recordBudgets } from './summary.ts';

const DOCUMENTS = 10_000;
const GROUPS = 100;
const STREAMS = 100;
const DOC_TARGETS_PER_STREAM = 5;
const QUERY_TARGETS_PER_STREAM = 5;
const COMMITS = 200;
const IDLE_COMMITS = 400;
const P99_BUDGET_MS = 50;
const NO_MATCH_BUDGET = 2;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heap = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};
const now = (): number => performance.timeOrigin + performance.now();
const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** A deterministic spread of targets: stream s watches items and groups derived from s. */
function plan(address: string, projectId: string): ListenerPlan {
  const documents: number[][] = [];
  const groups: number[][] = [];
  for (let s = 0; s < STREAMS; s++) {
    documents.push(
      Array.from(
        { length: DOC_TARGETS_PER_STREAM },
        (_, k) => (s * 7919 + k * 104_729) % DOCUMENTS,
      ),
    );
    groups.push(
      Array.from({ length: QUERY_TARGETS_PER_STREAM }, (_, k) => (s * 31 + k * 17) % GROUPS),
    );
  }
  return { address, projectId, streams: STREAMS, documents, groups };
}

async function seed(db: Firestore): Promise<void> {
  for (let i = 0; i < DOCUMENTS; i += 500) {
    const batch = db.batch();
    for (let j = i; j < i + 500; j++)
      batch.set(db.doc(`items/i${String(j)}`), { group: j % GROUPS, n: 0 });
    await batch.commit();
  }
}

/** Wall time of each of `count` single-document commits that no listener watches. */
async function unwatchedCommits(db: Firestore, count: number, tag: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await db.doc(`unwatched/${tag}${String(i % 50)}`).set({ i });
    times.push(performance.now() - start);
  }
  return times;
}

const projectId = 'demo-bench-listen';
const server = await startFirestoreServer({ strictIndexes: false });
process.env.FIRESTORE_EMULATOR_HOST = server.address;
process.env.METADATA_SERVER_DETECTION = 'none';
const app = initializeApp({ projectId }, 'bench-listen');
const db = getFirestore(app);
try {
  await seed(db);
  await unwatchedCommits(db, 100, 'warm');
  const baselineBefore = await unwatchedCommits(db, IDLE_COMMITS, 'a');
  const heapBefore = heap();

  const child = fork(fileURLToPath(new URL('./listen/listeners.ts', import.meta.url)));
  const messages: Record<string, unknown>[] = [];
  const waitFor = async (key: string): Promise<Record<string, unknown>> => {
    for (;;) {
      const hit = messages.find((m) => key in m);
      if (hit) return hit;
      await once(child, 'message');
    }
  };
  child.on('message', (m) => messages.push(m as Record<string, unknown>));
  const targets = plan(server.address, projectId);
  child.send(targets);
  const opening = performance.now();
  await waitFor('ready');
  const openMs = performance.now() - opening;
  const heapListening = heap();
  const stats = server.listenHub.stats();

  // Commits to watched documents, one at a time: the time from each commit to each snapshot. The
  // first few warm up both processes' code paths and are not recorded.
  for (let k = 0; k < 20; k++) {
    await db.doc(`items/i${String((k * 7) % DOCUMENTS)}`).update({ warm: k });
    await new Promise((r) => setTimeout(r, 5));
  }
  await new Promise((r) => setTimeout(r, 100));
  child.send({ record: true });
  const committedAt = new Map<string, number>();
  const expected = new Map<string, number>();
  const watchers = (item: number): number =>
    targets.documents.flat().filter((d) => d === item).length +
    targets.groups.flat().filter((g) => g === item % GROUPS).length;
  for (let k = 0; k < COMMITS; k++) {
    const item = (k * 2_654_435) % DOCUMENTS;
    const name = `projects/${projectId}/databases/(default)/documents/items/i${String(item)}`;
    if (committedAt.has(name)) continue;
    committedAt.set(name, now());
    expected.set(name, watchers(item));
    await db.doc(`items/i${String(item)}`).update({ n: k + 1 });
    await new Promise((r) => setTimeout(r, 5));
  }
  await new Promise((r) => setTimeout(r, 300));
  child.send({ report: true });
  const seen = (await waitFor('seen')).seen as Seen[];
  const latencies: number[] = [];
  const delivered = new Map<string, number>();
  for (const s of seen) {
    const at = committedAt.get(s.name);
    if (at === undefined) continue;
    for (let t = 0; t < s.targets; t++) latencies.push(s.at - at);
    delivered.set(s.name, (delivered.get(s.name) ?? 0) + s.targets);
  }
  latencies.sort((a, b) => a - b);
  const wanted = [...expected.values()].reduce((a, b) => a + b, 0);
  const missing = [...expected].filter(([n, c]) => (delivered.get(n) ?? 0) !== c).length;

  const withListeners = await unwatchedCommits(db, IDLE_COMMITS, 'b');
  child.send({ close: true });
  await waitFor('closed');
  await new Promise((r) => setTimeout(r, 200));
  const baselineAfter = await unwatchedCommits(db, IDLE_COMMITS, 'c');

  const p50 = percentile(latencies, 50);
  const p99 = percentile(latencies, 99);
  const noListeners = median([...baselineBefore, ...baselineAfter]);
  const noMatch = median(withListeners);
  const ratio = noMatch / noListeners;
  const perListener = (heapListening - heapBefore) / (stats.targets || 1);

  console.log(
    `${String(stats.targets)} listeners on ${String(stats.streams)} streams (${String(STREAMS * DOC_TARGETS_PER_STREAM)} document, ${String(STREAMS * QUERY_TARGETS_PER_STREAM)} query targets) over ${DOCUMENTS.toLocaleString('en-US')} documents, opened in ${openMs.toFixed(0)} ms`,
  );
  console.log(
    `commit → snapshot, ${String(latencies.length)} deliveries of ${String(committedAt.size)} commits (expected ${String(wanted)}, ${String(missing)} commits short): p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms (budget p99 ≤ ${String(P99_BUDGET_MS)} ms)`,
  );
  console.log(
    `commit watched by no listener: median ${noMatch.toFixed(3)} ms with 1,000 listeners open, ${noListeners.toFixed(3)} ms with none: ${ratio.toFixed(2)}× (budget < ${String(NO_MATCH_BUDGET)}×)`,
  );
  console.log(
    `server heap per idle listener: ${(perListener / 1024).toFixed(1)} KiB (including its initial results)`,
  );
  const ok = { p99: p99 <= P99_BUDGET_MS && missing === 0, ratio: ratio < NO_MATCH_BUDGET };
  recordBudgets([
    {
      bench: 'listen',
      figure: 'commit → every affected listener, 1,000 listeners, 10k docs',
      measured: `p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms${missing > 0 ? `, ${String(missing)} short` : ''}`,
      budget: `p99 ≤ ${String(P99_BUDGET_MS)} ms, none missed`,
      ok: ok.p99,
    },
    {
      bench: 'listen',
      figure: 'commit no listener watches, vs no listeners at all',
      measured: `${ratio.toFixed(2)}× the time`,
      budget: `< ${String(NO_MATCH_BUDGET)}×`,
      ok: ok.ratio,
    },
    {
      bench: 'listen',
      figure: 'server heap per idle listener',
      measured: `${(perListener / 1024).toFixed(1)} KiB`,
      budget: '',
    },
  ]);
  if (!ok.p99 || !ok.ratio) process.exitCode = 1;
} finally {
  await deleteApp(app);
  await server.stop();
}
