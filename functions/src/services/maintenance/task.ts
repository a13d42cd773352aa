/** What one task did in one run, as recorded in `jobs/nightly`. */
export interface TaskCounts {
  /** Documents or objects deleted (in a dry run: that would have been). */
  deleted: number;
  /** Mismatches repaired: accounts deleted, devices handed over or released, jobs recreated. */
  fixed: number;
}

export interface TaskOutcome extends TaskCounts {
  /** True when the task stopped for its budget with work left; the saved cursor resumes it. */
  readonly backlog: boolean;
  /** Set when the task failed; the other tasks still ran. */
  readonly error?: string;
  /** Set when the task could not run at all here (e.g. its service is not deployed). */
  readonly skipped?: string;
}

/** A task's resume point: plain JSON, stored in `jobs/nightly.cursors[task]`. */
export type Cursor = Record<string, string | number | null>;

/** What the runner hands a task: the run's clock, its budget and its cursor. */
export interface TaskContext {
  /** The run's "now" (the schedule time): every age is judged against it, not the clock. */
  readonly now: Date;
  readonly dryRun: boolean;
  readonly pageSize: number;
  /** The cursor the previous run left, or null to start from the beginning. */
  readonly cursor: Cursor | null;
  /** Whether another page fits in the run's budget (deadline and page limit). */
  canRunPage(): boolean;
  /**
   * Runs one page, retried on failure, and counts it against the budget. Its result's cursor is
   * saved as soon as the page is done (null: the task finished), so a run killed right after
   * resumes after this page.
   */
  page<T>(run: () => Promise<T>, cursorAfter: (result: T) => Cursor | null): Promise<T>;
  readonly counts: TaskCounts;
}

export interface MaintenanceTask {
  readonly name: string;
  /**
   * Returns true when done, false when the budget ran out with work left, or why it could not run
   * here at all.
   */
  run(context: TaskContext): Promise<boolean | { readonly skipped: string }>;
}
