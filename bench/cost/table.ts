// The cost report: delivery patterns side by side with the two anchors the product owner prices
// against (AWS IoT Core and Azure IoT Hub S1 at one message a minute), every total as a multiple of
// each anchor and against the budget. Plain text, for a terminal or a pull request.
import type { Metered } from './meter.ts';
import type { Prices } from './prices.ts';
import { HOURS_PER_MONTH, unconfirmedPrices } from './prices.ts';

/** The product owner's budget: what a gadget may cost the backend a month, at list price. */
export const BUDGET_USD_PER_GADGET_MONTH = 0.02;

export interface PatternCost {
  /** How the gadgets delivered their readings: "poll every 60 s", "batch hourly", … */
  readonly pattern: string;
  readonly metered: Metered;
}

export function renderCostTable(patterns: readonly PatternCost[], prices: Prices): string {
  const { firestore, functions, anchors } = prices;
  const { aws, azure } = anchors;
  const budget = usd(BUDGET_USD_PER_GADGET_MONTH, 2);
  const total = (value: number) => [
    usd(value),
    times(value, aws.perDeviceMonth),
    times(value, azure.perDeviceMonth),
    value <= BUDGET_USD_PER_GADGET_MONTH ? 'ok' : 'OVER',
  ];
  const header = [
    'pattern',
    'reads/h',
    'writes/h',
    'deletes/h',
    'calls/h',
    'GiB-s/h',
    'Firestore',
    'Functions',
    'total',
    'vs AWS',
    'vs Azure',
    `≤ ${budget}`,
  ];
  const rows = patterns.map(({ pattern, metered: { perGadgetHour: h, perGadgetMonth: m } }) => [
    pattern,
    h.reads.toFixed(2),
    h.writes.toFixed(2),
    h.deletes.toFixed(2),
    h.invocations.toFixed(2),
    h.gibSeconds.toFixed(3),
    usd(m.firestore.total),
    usd(m.functions.total),
    ...total(m.total),
  ]);
  const anchorRow = (name: string, perDeviceMonth: number) => [
    `${name} (anchor)`,
    ...Array<string>(7).fill(''),
    ...total(perDeviceMonth),
  ];
  const unconfirmed = unconfirmedPrices(prices);
  return [
    `Cost per gadget-month (${String(HOURS_PER_MONTH)} h) at list price, no free tier subtracted:`,
    `Firestore ${firestore.edition} in ${firestore.location}, Cloud Run functions (Tier ${String(functions.tier)}) in ${functions.region}.`,
    `Anchors at one message a minute per device; budget ≤ ${budget} per gadget-month.`,
    '',
    ...align([
      header,
      ...rows,
      anchorRow(aws.name, aws.perDeviceMonth),
      anchorRow(azure.name, azure.perDeviceMonth),
    ]),
    ...(unconfirmed.length === 0
      ? []
      : ['', `Not confirmed at their official source: ${unconfirmed.join(', ')}.`]),
  ].join('\n');
}

function usd(value: number, digits = 4): string {
  return `$${value.toFixed(digits)}`;
}

function times(value: number, anchor: number): string {
  return `${(value / anchor).toFixed(2)}×`;
}

/** The first column left-aligned and the figures right-aligned, a rule under the header. */
function align(table: readonly (readonly string[])[]): string[] {
  const widths =
    table[0]?.map((_, column) => Math.max(...table.map((row) => (row[column] ?? '').length))) ?? [];
  const line = (row: readonly string[]) =>
    row
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  const [header, ...rows] = table;
  return [line(header ?? []), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)];
}
