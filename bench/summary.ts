// The one table `npm run bench` prints: every benchmark adds its headline figures and budgets here
// when it runs under `bench/all.ts` (which names the file in BENCH_SUMMARY_FILE); run on its own, a
// benchmark prints only its own report.
import { appendFileSync } from 'node:fs';

export interface BudgetRow {
  readonly bench: string;
  readonly figure: string;
  readonly measured: string;
  /** Empty for a figure reported without a budget. */
  readonly budget: string;
  /** Undefined for a figure reported without a budget. */
  readonly ok?: boolean;
}

export function recordBudgets(rows: readonly BudgetRow[]): void {
  const file = process.env.BENCH_SUMMARY_FILE;
  if (!file) return;
  appendFileSync(file, rows.map((row) => `${JSON.stringify(row)}\n`).join(''));
}
