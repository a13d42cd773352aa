import { randomUUID } from 'node:crypto';
import * as logs from '../../logs.ts';
import { acquireLease, releaseLease } from './lease.ts';
import type { Lease } from './lease.ts';
import { readCursors, recordRun, saveCursor } from './job-state.ts';
import { withRetries } from './retries.ts';
import { MAINTENANCE_TASKS } from './tasks.ts';
import type { Cursor, MaintenanceTask, TaskContext, TaskCounts, TaskOutcome } from './task.ts';

export interface MaintenanceOptions {
  /** The run's "now": every age is judged against it (the schedule time in the trigger). */
  readonly now: Date;
  /** Wall-clock time after which no new page starts. */
  readonly deadline: Date;
  /** Count what would be done; delete and save nothing (no lease, no cursors, no record). */
  readonly dryRun?: boolean;
  /** Task names to run; all of them when absent. */
  readonly tasks?: readonly string[];
  /** Pages per task per run; a bound for tests and manual runs, unlimited when absent. */
  readonly maxPagesPerRun?: number;
  readonly pageSize?: number;
  /** Identifies this run in the lease; a fresh id when absent. */
  readonly holder?: string;
  /** Called after each page, for progress output. */
  readonly onPage?: (task: string, counts: Readonly<TaskCounts>) => void;
  /** The task list; the production list when absent. */
  readonly taskList?: readonly MaintenanceTask[];
}

export type MaintenanceResult =
  | { readonly ran: true; readonly durationMs: number; readonly tasks: Record<string, TaskOutcome> }
  | { readonly ran: false; readonly heldBy: Lease };

/** Firestore's practical page for deletes: one BulkWriter batch is 20, a page a few batches. */
export const DEFAULT_PAGE_SIZE = 500;
/** The lease outlives the deadline by this much: the time a page may still take after it. */
const LEASE_MARGIN_MS = 2 * 60 * 1000;

/**
 * Runs the maintenance tasks one after the other, each in pages within the deadline. A failed page
 * is retried; a task that still fails is recorded and the next one runs. Unless it is a dry run,
 * the run first takes the lease (another holder's valid lease: nothing runs), saves each task's
 * cursor after every page, records its counts in `jobs/nightly` and gives the lease back.
 */
export async function runMaintenance(options: MaintenanceOptions): Promise<MaintenanceResult> {
  const startedAt = new Date();
  const dryRun = options.dryRun ?? false;
  const holder = options.holder ?? randomUUID();
  const selected = selectTasks(options.taskList ?? MAINTENANCE_TASKS, options.tasks);

  if (!dryRun) {
    const lease = await acquireLease(
      holder,
      new Date(options.deadline.getTime() + LEASE_MARGIN_MS),
      startedAt,
    );
    if (!lease.acquired) {
      logs.maintenanceSkipped({ holder, heldBy: lease.heldBy.holder });
      return { ran: false, heldBy: lease.heldBy };
    }
  }
  try {
    const cursors = await readCursors();
    const outcomes: Record<string, TaskOutcome> = {};
    for (const task of selected) {
      outcomes[task.name] = await runTask(task, cursors[task.name] ?? null, options, dryRun);
    }
    const durationMs = Date.now() - startedAt.getTime();
    if (!dryRun) {
      await recordRun({ startedAt, now: options.now, durationMs, holder, tasks: outcomes });
    }
    logs.maintenanceRun({ dryRun, durationMs, tasks: outcomes });
    return { ran: true, durationMs, tasks: outcomes };
  } finally {
    if (!dryRun) await releaseLease(holder);
  }
}

async function runTask(
  task: MaintenanceTask,
  cursor: Cursor | null,
  options: MaintenanceOptions,
  dryRun: boolean,
): Promise<TaskOutcome> {
  const counts: TaskCounts = { deleted: 0, fixed: 0 };
  let pages = 0;
  const context: TaskContext = {
    now: options.now,
    dryRun,
    pageSize: options.pageSize ?? DEFAULT_PAGE_SIZE,
    cursor,
    counts,
    canRunPage: () =>
      Date.now() < options.deadline.getTime() &&
      (options.maxPagesPerRun === undefined || pages < options.maxPagesPerRun),
    page: async (run, cursorAfter) => {
      const result = await withRetries(run);
      pages++;
      if (!dryRun) await withRetries(() => saveCursor(task.name, cursorAfter(result)));
      options.onPage?.(task.name, counts);
      return result;
    },
  };
  try {
    const result = await task.run(context);
    if (typeof result === 'object') return { ...counts, backlog: false, skipped: result.skipped };
    return { ...counts, backlog: !result };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    logs.maintenanceTaskFailed({ task: task.name, error: message });
    return { ...counts, backlog: true, error: message };
  }
}

function selectTasks(
  all: readonly MaintenanceTask[],
  names: readonly string[] | undefined,
): readonly MaintenanceTask[] {
  if (names === undefined) return all;
  const unknown = names.filter((name) => !all.some((task) => task.name === name));
  if (unknown.length > 0) {
    throw new Error(
      `Unknown maintenance task: ${unknown.join(', ')} (known: ${all.map((t) => t.name).join(', ')})`,
    );
  }
  return all.filter((task) => names.includes(task.name));
}
