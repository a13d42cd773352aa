import { status } from '@grpc/grpc-js';
import {
  checkJobName,
  newJob,
  SchedulerError,
  timestampOf,
  updatedJob,
  withNextRun,
} from './jobs.ts';
import type { StoredJob } from './jobs.ts';
import type { SchedulerMethod } from './service.ts';

/** Sends a job's target once; resolves with the HTTP status the target answered. */
export type JobFirer = (job: StoredJob, scheduleTime: Date) => Promise<number>;

/** One attempt at a job's target, for tests and the dev server's log. */
export interface JobAttempt {
  readonly name: string;
  readonly scheduleTime: string;
  readonly status: number;
  readonly error?: string;
}

interface Fault {
  readonly code: status;
  remaining: number;
}

const PARENT = /^projects\/[^/]+\/locations\/[^/]+$/;

/** The attempts kept: the latest 1,000, so a dev server left running all day stays bounded. */
export const KEEP_ATTEMPTS = 1_000;

/** Cloud Scheduler's jobs, in memory, with scripted failures and firing. */
export class SchedulerState {
  private readonly jobs = new Map<string, StoredJob>();
  private readonly faults = new Map<SchedulerMethod, Fault[]>();
  /** The latest KEEP_ATTEMPTS firings, oldest first. */
  readonly attempts: JobAttempt[] = [];
  fire: JobFirer = () => Promise.reject(new Error('No functions to fire jobs at'));
  now: () => Date = () => new Date();

  failNext(method: SchedulerMethod, code: status, count = 1): void {
    const list = this.faults.get(method) ?? [];
    list.push({ code, remaining: count });
    this.faults.set(method, list);
  }

  checkFault(method: SchedulerMethod): void {
    const list = this.faults.get(method);
    const fault = list?.[0];
    if (list === undefined || fault === undefined) return;
    fault.remaining -= 1;
    if (fault.remaining <= 0) list.shift();
    throw new SchedulerError(fault.code, `Injected fault on ${method} (local-cloud failNext).`);
  }

  reset(): void {
    this.jobs.clear();
    this.faults.clear();
    this.attempts.length = 0;
  }

  all(): StoredJob[] {
    return [...this.jobs.values()].map((job) => structuredClone(job));
  }

  get(name: unknown): StoredJob {
    const job = this.jobs.get(checkJobName(name));
    if (job === undefined)
      throw new SchedulerError(status.NOT_FOUND, `Job not found: ${String(name)}`);
    return structuredClone(job);
  }

  list(
    parent: unknown,
    pageSize: number,
    pageToken: unknown,
  ): { jobs: StoredJob[]; nextPageToken: string } {
    if (typeof parent !== 'string' || !PARENT.test(parent)) {
      throw new SchedulerError(status.INVALID_ARGUMENT, `Invalid parent: ${String(parent)}`);
    }
    const size = pageSize > 0 ? Math.min(pageSize, 500) : 500;
    const start = typeof pageToken === 'string' && pageToken !== '' ? Number(pageToken) : 0;
    const matching = [...this.jobs.values()]
      .filter((job) => job.name.startsWith(`${parent}/jobs/`))
      .sort((a, b) => a.name.localeCompare(b.name));
    const page = matching.slice(start, start + size).map((job) => structuredClone(job));
    const more = start + size < matching.length;
    return { jobs: page, nextPageToken: more ? String(start + size) : '' };
  }

  create(parent: unknown, input: Record<string, unknown>): StoredJob {
    if (typeof parent !== 'string' || !PARENT.test(parent)) {
      throw new SchedulerError(status.INVALID_ARGUMENT, `Invalid parent: ${String(parent)}`);
    }
    const name = checkJobName(input.name);
    if (!name.startsWith(`${parent}/jobs/`)) {
      throw new SchedulerError(status.INVALID_ARGUMENT, 'The job name is not under its parent');
    }
    if (this.jobs.has(name)) throw new SchedulerError(status.ALREADY_EXISTS, `Job exists: ${name}`);
    const job = newJob(input, name, this.now());
    this.jobs.set(name, job);
    return structuredClone(job);
  }

  update(input: Record<string, unknown>, paths: readonly string[]): StoredJob {
    const current = this.get(input.name);
    const job = updatedJob(current, input, paths, this.now());
    this.jobs.set(job.name, job);
    return structuredClone(job);
  }

  delete(name: unknown): void {
    this.get(name);
    this.jobs.delete(String(name));
  }

  setState(name: unknown, state: StoredJob['state']): StoredJob {
    const job = this.get(name);
    job.state = state;
    job.userUpdateTime = timestampOf(this.now());
    withNextRun(job, this.now());
    this.jobs.set(job.name, job);
    return structuredClone(job);
  }

  /** RunJob: fires the job now whatever its state, as Cloud Scheduler's "force run" does. */
  async run(name: unknown, scheduleTime: Date = this.now()): Promise<StoredJob> {
    const job = this.get(name);
    await this.attempt(job, scheduleTime);
    return this.get(name);
  }

  /**
   * Fires every enabled job that is due at `now` (once, for its latest due time; missed runs are
   * not made up, as in Cloud Scheduler) and moves each to its next run. Resolves once all answered.
   */
  async fireDue(now: Date): Promise<JobAttempt[]> {
    const due = [...this.jobs.values()].filter(
      (job) =>
        job.state === 'ENABLED' &&
        job.scheduleTime !== undefined &&
        Number(job.scheduleTime.seconds) * 1000 <= now.getTime(),
    );
    const fired = due.map(async (job) => {
      const scheduleTime = new Date(Number(job.scheduleTime?.seconds ?? 0) * 1000);
      withNextRun(job, now);
      return this.attempt(structuredClone(job), scheduleTime);
    });
    return Promise.all(fired);
  }

  private async attempt(job: StoredJob, scheduleTime: Date): Promise<JobAttempt> {
    let attempt: JobAttempt;
    try {
      const answered = await this.fire(job, scheduleTime);
      attempt = { name: job.name, scheduleTime: scheduleTime.toISOString(), status: answered };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      attempt = {
        name: job.name,
        scheduleTime: scheduleTime.toISOString(),
        status: 0,
        error: message,
      };
    }
    const stored = this.jobs.get(job.name);
    if (stored !== undefined) stored.lastAttemptTime = timestampOf(this.now());
    this.attempts.push(attempt);
    if (this.attempts.length > KEEP_ATTEMPTS) this.attempts.shift();
    return attempt;
  }
}
