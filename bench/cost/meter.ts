// The cost meter: a run's measured counts (Firestore operations from local-cloud's billing-rule
// counters, function invocations with their durations) per simulated gadget-hour, and what they cost
// per gadget-month at list price, Firestore and Functions apart. Free tiers are not subtracted (see
// prices.json's notes): the question is what one more gadget costs.
//
// Function time is each invocation's duration summed, times the function's memory and vCPUs. Cloud
// Run bills an instance once however many requests overlap on it, so with concurrency (80 by default
// under `firebase deploy`) this is an upper bound; it leaves out cold starts and the rounding of
// billed time up to 100 ms, which it cannot see.
import type { ListPrice, Prices } from './prices.ts';
import { HOURS_PER_MONTH, unitPrice } from './prices.ts';

export interface FirestoreOps {
  readonly reads: number;
  readonly writes: number;
  readonly deletes: number;
}

/** One function's share of a run, and the instance it would run on in production. */
export interface FunctionRun {
  readonly name: string;
  readonly invocations: number;
  /**
   * The invocations' durations added up, in milliseconds. local-cloud times a handler from its start
   * to its end (to the response's end for a callable or HTTPS function), on this machine's cores,
   * not production's.
   */
  readonly totalDurationMs: number;
  readonly memoryMiB: number;
  readonly vcpu: number;
}

export interface RunCounts {
  readonly firestore: FirestoreOps;
  readonly functions: readonly FunctionRun[];
  readonly gadgets: number;
  /** The simulated time the run covered, summed over its gadgets (gadgets × simulated hours). */
  readonly gadgetHours: number;
}

export interface PerGadgetHour extends FirestoreOps {
  readonly invocations: number;
  readonly vcpuSeconds: number;
  /** GiB-seconds, the unit Cloud Run bills memory in (often written GB-seconds). */
  readonly gibSeconds: number;
}

export interface GadgetMonthCost {
  readonly firestore: {
    readonly reads: number;
    readonly writes: number;
    readonly deletes: number;
    readonly total: number;
  };
  readonly functions: {
    readonly invocations: number;
    readonly cpu: number;
    readonly memory: number;
    readonly total: number;
  };
  readonly total: number;
}

export interface Metered {
  readonly gadgets: number;
  readonly gadgetHours: number;
  readonly perGadgetHour: PerGadgetHour;
  /** US dollars per gadget-month of 730 hours, at list price. */
  readonly perGadgetMonth: GadgetMonthCost;
}

/** What a run's counts come to per gadget-hour, and per gadget-month at list price. */
export function meter(run: RunCounts, prices: Prices): Metered {
  checkRun(run);
  const hourly = (count: number) => count / run.gadgetHours;
  const seconds = (f: FunctionRun) => f.totalDurationMs / 1000;
  const perGadgetHour: PerGadgetHour = {
    reads: hourly(run.firestore.reads),
    writes: hourly(run.firestore.writes),
    deletes: hourly(run.firestore.deletes),
    invocations: hourly(sum(run.functions, (f) => f.invocations)),
    vcpuSeconds: hourly(sum(run.functions, (f) => seconds(f) * f.vcpu)),
    gibSeconds: hourly(sum(run.functions, (f) => (seconds(f) * f.memoryMiB) / 1024)),
  };
  const monthly = (perHour: number, price: ListPrice) =>
    perHour * HOURS_PER_MONTH * unitPrice(price);
  const reads = monthly(perGadgetHour.reads, prices.firestore.reads);
  const writes = monthly(perGadgetHour.writes, prices.firestore.writes);
  const deletes = monthly(perGadgetHour.deletes, prices.firestore.deletes);
  const invocations = monthly(perGadgetHour.invocations, prices.functions.invocations);
  const cpu = monthly(perGadgetHour.vcpuSeconds, prices.functions.vcpuSeconds);
  const memory = monthly(perGadgetHour.gibSeconds, prices.functions.gibSeconds);
  const firestore = { reads, writes, deletes, total: reads + writes + deletes };
  const functions = { invocations, cpu, memory, total: invocations + cpu + memory };
  return {
    gadgets: run.gadgets,
    gadgetHours: run.gadgetHours,
    perGadgetHour,
    perGadgetMonth: { firestore, functions, total: firestore.total + functions.total },
  };
}

function sum<T>(items: readonly T[], value: (item: T) => number): number {
  return items.reduce((total, item) => total + value(item), 0);
}

/** A count that is negative or not a number would price a run at nonsense without a word. */
function checkRun(run: RunCounts): void {
  const bad: string[] = [];
  const count = (path: string, value: number, positive = false) => {
    if (!Number.isFinite(value) || value < 0 || (positive && value === 0)) {
      bad.push(`${path} = ${String(value)}`);
    }
  };
  count('gadgets', run.gadgets, true);
  count('gadgetHours', run.gadgetHours, true);
  count('firestore.reads', run.firestore.reads);
  count('firestore.writes', run.firestore.writes);
  count('firestore.deletes', run.firestore.deletes);
  for (const f of run.functions) {
    count(`${f.name}.invocations`, f.invocations);
    count(`${f.name}.totalDurationMs`, f.totalDurationMs);
    count(`${f.name}.memoryMiB`, f.memoryMiB, true);
    count(`${f.name}.vcpu`, f.vcpu, true);
  }
  if (bad.length > 0) throw new Error(`Cannot meter a run with ${bad.join(', ')}`);
}
