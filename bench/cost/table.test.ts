import { describe, expect, it } from 'vitest';
import type { Metered } from './meter.ts';
import { loadPrices } from './prices.ts';
import { renderCostTable } from './table.ts';

const PRICES = loadPrices();

/** A pattern's figures, split 3:1 between Firestore and Functions. */
function metered(total: number, readsPerHour: number): Metered {
  const firestore = total * 0.75;
  const functions = total - firestore;
  return {
    gadgets: 100,
    gadgetHours: 2_400,
    perGadgetHour: {
      reads: readsPerHour,
      writes: 1,
      deletes: 0,
      invocations: 1,
      vcpuSeconds: 0.05,
      gibSeconds: 0.0125,
    },
    perGadgetMonth: {
      firestore: { reads: firestore, writes: 0, deletes: 0, total: firestore },
      functions: { invocations: functions, cpu: 0, memory: 0, total: functions },
      total,
    },
  };
}

const TABLE = renderCostTable(
  [
    { pattern: 'batch hourly', metered: metered(0.01, 2) },
    { pattern: 'poll every 60 s', metered: metered(0.03, 61.5) },
  ],
  PRICES,
);
const line = (start: string) => TABLE.split('\n').find((l) => l.startsWith(start)) ?? '';

describe('the cost table', () => {
  it('puts each pattern beside both anchors, as multiples of each, against the budget', () => {
    expect(line('pattern')).toMatch(/vs AWS +vs Azure +≤ \$0\.02$/);
    // $0.01 is 0.21× AWS's $0.0473 and 0.11× Azure's $0.09; $0.03 is 0.63× and 0.33×.
    expect(line('batch hourly')).toMatch(
      /2\.00 .* \$0\.0075 +\$0\.0025 +\$0\.0100 +0\.21× +0\.11× +ok$/,
    );
    expect(line('poll every 60 s')).toMatch(/61\.50 .* \$0\.0300 +0\.63× +0\.33× +OVER$/);
  });

  it('lists the anchors themselves, over the budget', () => {
    expect(line('AWS IoT Core (anchor)')).toMatch(/ \$0\.0473 +1\.00× +0\.53× +OVER$/);
    expect(line('Azure IoT Hub S1 (anchor)')).toMatch(/ \$0\.0900 +1\.90× +1\.00× +OVER$/);
  });

  it('aligns its columns and says which prices were not confirmed at their source', () => {
    const rows = TABLE.split('\n').filter((l) => / (ok|OVER)$/.test(l));
    expect(new Set(rows.map((l) => l.length)).size).toBe(1);
    expect(TABLE).toContain('at list price, no free tier subtracted');
    expect(TABLE).toContain('Not confirmed at their official source: functions.invocations');
  });
});
