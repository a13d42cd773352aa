// The console's first load and live update, in headless Chromium against local-cloud (no functions,
// free ports): the bytes of the static files a first visit fetches and the time from navigation to
// a document's fields on screen (cold cache, median of 5), then the time from a commit (a REST
// write the page sends) to the new value on the Firestore page, over 50 commits.
// Run: npm run bench:console (builds the console first)
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { startLocalCloud } from '../local-cloud/src/index.ts';
import { launchChromium } from '../test/helpers/chromium.ts';
import { median } from './median.ts';
import { recordBudgets } from './summary.ts';

const DIST = fileURLToPath(new URL('../console/dist', import.meta.url));
const LOADS = 5;
const COMMITS = 50;
const BYTES_BUDGET = 150 * 1024;
const LOAD_BUDGET_MS = 1_500;
const COMMIT_P50_BUDGET_MS = 100;

/**
 * Runs in the page (as text: the tooling has no DOM types): commits `value` = 1…n through the
 * REST API and times each until the Firestore page shows it.
 */
const IN_PAGE = `async (url, commits) => {
  const cell = () => document.querySelector('tr[data-field="value"] [data-value]');
  const seen = (text) => new Promise((resolve) => {
    const observer = new MutationObserver(() => check());
    const check = () => {
      if (cell()?.textContent !== text) return;
      observer.disconnect();
      resolve(performance.now());
    };
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    check();
  });
  const out = [];
  for (let i = 1; i <= commits; i++) {
    const shown = seen(String(i));
    const start = performance.now();
    await fetch(url + '?updateMask.fieldPaths=value', {
      method: 'PATCH',
      headers: { authorization: 'Bearer owner', 'content-type': 'application/json' },
      body: JSON.stringify({ fields: { value: { integerValue: String(i) } } }),
    });
    out.push((await shown) - start);
  }
  return out;
}`;

const cloud = await startLocalCloud({ logs: 'silent', console: { dir: DIST, port: 0 } });
const base = cloud.consoleUrl ?? '';
const doc = `${base}/firestore/v1/projects/${cloud.projectId}/databases/(default)/documents/bench/doc-0`;
await fetch(doc, {
  method: 'PATCH',
  headers: { authorization: 'Bearer owner', 'content-type': 'application/json' },
  body: JSON.stringify({ fields: { value: { integerValue: '0' } } }),
});

const browser = await launchChromium();
try {
  const files = new Map<string, number>();
  const loads: number[] = [];
  for (let i = 0; i < LOADS; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.on('response', (response) => {
      const url = new URL(response.url());
      if (/\/(control|firestore|auth|storage)\//.test(url.pathname)) return;
      void response.body().then((body) => files.set(url.pathname, body.length));
    });
    await page.goto(`${base}/#/firestore/bench/doc-0`);
    await page.locator('tr[data-field="value"] [data-value]').waitFor();
    loads.push(await page.evaluate<number>('performance.now()'));
    await context.close();
  }
  const bytes = [...files.values()].reduce((a, b) => a + b, 0);
  const gzipped = [...files.keys()].reduce((sum, path) => {
    const file = `${DIST}${path === '/' ? '/index.html' : path}`;
    return sum + gzipSync(readFileSync(file)).length;
  }, 0);

  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${base}/#/firestore/bench/doc-0`);
  await page.locator('tr[data-field="value"] [data-value]').waitFor();
  const latencies = await page.evaluate<number[]>(
    `(${IN_PAGE})(${JSON.stringify(new URL(doc).pathname)}, ${String(COMMITS)})`,
  );
  await context.close();
  const sorted = [...latencies].sort((a, b) => a - b);
  const p50 = median(sorted);
  const p99 = sorted[Math.min(sorted.length - 1, Math.floor(0.99 * sorted.length))] ?? NaN;
  const load = median(loads);

  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  console.log(
    `console first load: ${kb(bytes)} in ${String(files.size)} files (${kb(gzipped)} gzipped), budget ${kb(BYTES_BUDGET)}`,
  );
  console.log(
    `  navigation to a document's fields on screen: median ${load.toFixed(0)} ms of ${String(LOADS)} cold loads (${loads.map((t) => t.toFixed(0)).join(', ')}), budget ${String(LOAD_BUDGET_MS)} ms`,
  );
  console.log(
    `commit to screen (Firestore page, ${String(COMMITS)} commits): p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, budget p50 ${String(COMMIT_P50_BUDGET_MS)} ms`,
  );
  recordBudgets([
    {
      bench: 'console',
      figure: 'first load, bytes',
      measured: kb(bytes),
      budget: `≤ ${kb(BYTES_BUDGET)}`,
      ok: bytes <= BYTES_BUDGET,
    },
    {
      bench: 'console',
      figure: 'first load to data, median',
      measured: `${load.toFixed(0)} ms`,
      budget: `≤ ${String(LOAD_BUDGET_MS)} ms`,
      ok: load <= LOAD_BUDGET_MS,
    },
    {
      bench: 'console',
      figure: 'commit to screen, p50',
      measured: `${p50.toFixed(1)} ms`,
      budget: `≤ ${String(COMMIT_P50_BUDGET_MS)} ms`,
      ok: p50 <= COMMIT_P50_BUDGET_MS,
    },
    {
      bench: 'console',
      figure: 'commit to screen, p99',
      measured: `${p99.toFixed(1)} ms`,
      budget: '',
    },
  ]);
  if (bytes > BYTES_BUDGET || load > LOAD_BUDGET_MS || p50 > COMMIT_P50_BUDGET_MS)
    process.exitCode = 1;
} finally {
  await browser.close();
  await cloud.stop();
}
