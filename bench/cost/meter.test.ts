import { describe, expect, it } from 'vitest';
import type { FunctionRun, RunCounts } from './meter.ts';
import { meter } from './meter.ts';
import type { ListPrice, Prices } from './prices.ts';
import { loadPrices } from './prices.ts';

const LIST = loadPrices();
const priced = (price: ListPrice, usd: number, per: number): ListPrice => ({ ...price, usd, per });
/** Round prices, so the expected figures below can be worked out by hand. */
const ROUND: Prices = {
  ...LIST,
  firestore: {
    ...LIST.firestore,
    reads: priced(LIST.firestore.reads, 1, 100_000),
    writes: priced(LIST.firestore.writes, 3, 100_000),
    deletes: priced(LIST.firestore.deletes, 0.5, 100_000),
  },
  functions: {
    ...LIST.functions,
    invocations: priced(LIST.functions.invocations, 2, 1_000_000),
    vcpuSeconds: priced(LIST.functions.vcpuSeconds, 0.00001, 1),
    gibSeconds: priced(LIST.functions.gibSeconds, 0.000001, 1),
  },
};

const ingest: FunctionRun = {
  name: 'ingest',
  invocations: 600,
  totalDurationMs: 60_000,
  memoryMiB: 256,
  vcpu: 1,
};
const watchdog: FunctionRun = {
  name: 'deviceWatchdog',
  invocations: 10,
  totalDurationMs: 5_000,
  memoryMiB: 512,
  vcpu: 0.5,
};
/** 10 gadgets for 10 simulated hours. */
const RUN: RunCounts = {
  firestore: { reads: 3_000, writes: 1_000, deletes: 100 },
  functions: [ingest, watchdog],
  gadgets: 10,
  gadgetHours: 100,
};

describe('the cost meter', () => {
  it('divides every count by the gadget-hours the run covered', () => {
    const { perGadgetHour } = meter(RUN, ROUND);
    expect(perGadgetHour.reads).toBe(30);
    expect(perGadgetHour.writes).toBe(10);
    expect(perGadgetHour.deletes).toBe(1);
    expect(perGadgetHour.invocations).toBeCloseTo(6.1, 10);
    // (60 s × 1 vCPU + 5 s × 0.5 vCPU) / 100 and (60 s × 0.25 GiB + 5 s × 0.5 GiB) / 100
    expect(perGadgetHour.vcpuSeconds).toBeCloseTo(0.625, 10);
    expect(perGadgetHour.gibSeconds).toBeCloseTo(0.175, 10);
  });

  it('prices a gadget-month of 730 hours, Firestore and Functions apart', () => {
    const { perGadgetMonth } = meter(RUN, ROUND);
    expect(perGadgetMonth.firestore.reads).toBeCloseTo(30 * 730 * 1e-5, 10);
    expect(perGadgetMonth.firestore.writes).toBeCloseTo(10 * 730 * 3e-5, 10);
    expect(perGadgetMonth.firestore.deletes).toBeCloseTo(1 * 730 * 0.5e-5, 10);
    expect(perGadgetMonth.firestore.total).toBeCloseTo(0.44165, 10);
    expect(perGadgetMonth.functions.invocations).toBeCloseTo(6.1 * 730 * 2e-6, 10);
    expect(perGadgetMonth.functions.cpu).toBeCloseTo(0.625 * 730 * 1e-5, 10);
    expect(perGadgetMonth.functions.memory).toBeCloseTo(0.175 * 730 * 1e-6, 10);
    expect(perGadgetMonth.functions.total).toBeCloseTo(0.01359625, 10);
    expect(perGadgetMonth.total).toBeCloseTo(0.45524625, 10);
  });

  it('subtracts no free tier: one read a gadget-hour costs its list price', () => {
    const { perGadgetMonth } = meter(
      { firestore: { reads: 1, writes: 0, deletes: 0 }, functions: [], gadgets: 1, gadgetHours: 1 },
      LIST,
    );
    expect(perGadgetMonth.firestore.reads).toBeCloseTo((730 * 0.03) / 100_000, 12);
    expect(perGadgetMonth.functions.total).toBe(0);
  });

  it("charges a function's vCPUs: 1 under firebase deploy costs 6× gcloud's 0.167", () => {
    const { firebaseDeployVcpu, gcloudVcpu } = LIST.functions.defaultCpu;
    const cpu = (vcpu: number) =>
      meter({ ...RUN, functions: [{ ...ingest, vcpu }] }, LIST).perGadgetMonth.functions.cpu;
    expect(cpu(firebaseDeployVcpu) / cpu(gcloudVcpu)).toBeCloseTo(1 / 0.167, 6);
  });

  it('refuses a run it cannot price, naming each bad count', () => {
    expect(() => meter({ ...RUN, gadgetHours: 0 }, LIST)).toThrow(/gadgetHours = 0/);
    expect(() =>
      meter(
        {
          ...RUN,
          firestore: { ...RUN.firestore, reads: -1 },
          functions: [{ ...ingest, totalDurationMs: Number.NaN }],
        },
        LIST,
      ),
    ).toThrow(/firestore\.reads = -1, ingest\.totalDurationMs = NaN/);
  });
});
