import { FieldPath, FieldValue } from 'firebase-admin/firestore';
import { documents } from '../../data/collections.ts';
import type { Cursor, TaskOutcome } from './task.ts';

/**
 * `jobs/nightly` (`documents.maintenanceJob`): `cursors[task]` is where an unfinished task
 * resumes; `lastRun` holds the last (non-dry) run's time, duration and per-task counts;
 * `tasks[task]` the last outcome of each task, so a task that ran in an earlier run keeps its
 * figures.
 */
const jobRef = documents.maintenanceJob;

export async function readCursors(): Promise<Record<string, Cursor>> {
  return (await jobRef().get()).data()?.cursors ?? {};
}

/** Saves (or, with null, clears) one task's cursor without touching the others. */
export async function saveCursor(task: string, cursor: Cursor | null): Promise<void> {
  await jobRef().set(
    { cursors: { [task]: cursor ?? FieldValue.delete() } },
    { mergeFields: [new FieldPath('cursors', task)] },
  );
}

export interface RunRecord {
  readonly startedAt: Date;
  readonly now: Date;
  readonly durationMs: number;
  readonly holder: string;
  readonly tasks: Readonly<Record<string, TaskOutcome>>;
}

export async function recordRun(run: RunRecord): Promise<void> {
  await jobRef().set(
    {
      lastRun: {
        startedAt: run.startedAt,
        now: run.now,
        durationMs: run.durationMs,
        holder: run.holder,
        tasks: run.tasks,
      },
      tasks: Object.fromEntries(
        Object.entries(run.tasks).map(([name, outcome]) => [
          name,
          { ...outcome, at: run.startedAt },
        ]),
      ),
    },
    // Each task's entry is replaced whole, so an error from an earlier run does not linger.
    {
      mergeFields: [
        'lastRun',
        ...Object.keys(run.tasks).map((name) => new FieldPath('tasks', name)),
      ],
    },
  );
}
