// `npm run bench`: every benchmark in turn, each printing its own report, then one table of their
// headline figures against their budgets. Exits non-zero when a figure is over budget or a
// benchmark fails. (The functions bundle is built by the npm script first, for the cold start.)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BudgetRow } from './summary.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BENCHMARKS = [
  { name: 'cold start', script: 'bench/coldstart.ts' },
  { name: 'Firestore ops per flow', script: 'bench/firestore-ops.ts' },
  { name: 'images', script: 'bench/images.ts' },
  { name: 'local-cloud Firestore', script: 'bench/firestore.ts' },
  { name: 'local-cloud listeners', script: 'bench/listen.ts' },
  { name: 'security rules', script: 'bench/rules.ts' },
  { name: 'console', script: 'bench/console.ts' },
  { name: 'virtual fleet', script: 'bench/fleet.ts' },
  { name: 'cost per gadget', script: 'bench/cost.ts' },
  { name: 'firmware updates', script: 'bench/firmware.ts' },
  { name: 'soak', script: 'bench/soak.ts' },
] as const;

const dir = mkdtempSync(join(tmpdir(), 'gadget-bench-'));
const summaryFile = join(dir, 'summary.jsonl');
const failed: string[] = [];
try {
  for (const { name, script } of BENCHMARKS) {
    console.log(`\n━━ ${name} (${script})\n`);
    const result = spawnSync(process.execPath, [script], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, BENCH_SUMMARY_FILE: summaryFile },
    });
    if (result.status !== 0)
      failed.push(`${name} (exit ${String(result.status ?? result.signal)})`);
  }
  let rows: BudgetRow[] = [];
  try {
    rows = readFileSync(summaryFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as BudgetRow);
  } catch {
    // No benchmark got as far as its figures; the failures below say which.
  }
  printTable(rows);
  const over = rows.filter((row) => row.ok === false);
  if (failed.length > 0) console.log(`\nBenchmarks that did not pass: ${failed.join(', ')}`);
  if (over.length > 0 || failed.length > 0) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function printTable(rows: readonly BudgetRow[]): void {
  const verdict = (row: BudgetRow) => (row.ok === undefined ? '' : row.ok ? 'ok' : 'OVER BUDGET');
  const table = [
    ['bench', 'figure', 'measured', 'budget', 'result'],
    ...rows.map((row) => [row.bench, row.figure, row.measured, row.budget, verdict(row)]),
  ];
  const widths =
    table[0]?.map((_, column) => Math.max(...table.map((r) => (r[column] ?? '').length))) ?? [];
  console.log('\n━━ Summary\n');
  for (const [index, cells] of table.entries()) {
    console.log(
      cells
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    );
    if (index === 0) console.log(widths.map((w) => '─'.repeat(w)).join('  '));
  }
}
