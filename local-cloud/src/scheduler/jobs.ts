import { status } from '@grpc/grpc-js';
import { parseSchedule } from './cron.ts';

/** A gRPC failure with its status code, answered as is. */
export class SchedulerError extends Error {
  readonly code: status;
  constructor(code: status, message: string) {
    super(message);
    this.code = code;
  }
}

/** A job as proto-loader gives and takes it (camelCase fields, oneofs by name). */
export interface StoredJob {
  name: string;
  description?: string;
  schedule: string;
  timeZone: string;
  state: 'ENABLED' | 'PAUSED';
  httpTarget?: HttpTarget;
  retryConfig?: unknown;
  attemptDeadline?: unknown;
  userUpdateTime: { seconds: string; nanos: number };
  scheduleTime?: { seconds: string; nanos: number };
  lastAttemptTime?: { seconds: string; nanos: number };
  target?: string;
  [field: string]: unknown;
}

export interface HttpTarget {
  uri?: string;
  httpMethod?: string;
  headers?: Record<string, string>;
  body?: Buffer;
  oidcToken?: { serviceAccountEmail?: string; audience?: string };
}

const JOB_NAME = /^projects\/[^/]+\/locations\/[^/]+\/jobs\/[A-Za-z0-9_-]{1,500}$/;

/** Fields a client may set; the rest are output only. */
const MUTABLE_FIELDS = [
  'description',
  'schedule',
  'timeZone',
  'httpTarget',
  'pubsubTarget',
  'appEngineHttpTarget',
  'retryConfig',
  'attemptDeadline',
] as const;

export function checkJobName(name: unknown): string {
  if (typeof name !== 'string' || !JOB_NAME.test(name)) {
    throw new SchedulerError(status.INVALID_ARGUMENT, `Invalid job name: ${String(name)}`);
  }
  return name;
}

/** Cloud Scheduler's checks on what a job must carry: a valid cron, a real time zone. */
export function checkSchedule(schedule: unknown, timeZone: unknown): void {
  if (typeof schedule !== 'string' || schedule.trim().split(/\s+/).length !== 5) {
    throw new SchedulerError(status.INVALID_ARGUMENT, 'A job needs a 5-field unix-cron schedule');
  }
  try {
    parseSchedule(schedule, typeof timeZone === 'string' ? timeZone : '', new Date());
  } catch {
    throw new SchedulerError(status.INVALID_ARGUMENT, `Invalid schedule or time zone: ${schedule}`);
  }
}

export function timestampOf(date: Date): { seconds: string; nanos: number } {
  const ms = date.getTime();
  return { seconds: String(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1_000_000 };
}

/** The next time the job is due after `after`, in its time zone; undefined when never. */
export function nextRunOf(job: StoredJob, after: Date): Date | undefined {
  return parseSchedule(job.schedule, job.timeZone, after).next(after);
}

/** A new job from a CreateJob request. */
export function newJob(input: Record<string, unknown>, name: string, now: Date): StoredJob {
  checkSchedule(input.schedule, input.timeZone);
  const job: StoredJob = {
    name,
    schedule: String(input.schedule),
    timeZone: typeof input.timeZone === 'string' && input.timeZone !== '' ? input.timeZone : 'UTC',
    state: 'ENABLED',
    userUpdateTime: timestampOf(now),
  };
  for (const field of MUTABLE_FIELDS) {
    if (input[field] !== undefined && field !== 'schedule' && field !== 'timeZone') {
      (job as Record<string, unknown>)[field] = input[field];
    }
  }
  if (typeof input.target === 'string') job.target = input.target;
  withNextRun(job, now);
  return job;
}

/**
 * Applies an UpdateJob: the fields the mask names (snake_case paths, as the API takes them), or
 * every mutable field without a mask.
 */
export function updatedJob(
  current: StoredJob,
  input: Record<string, unknown>,
  paths: readonly string[],
  now: Date,
): StoredJob {
  const fields =
    paths.length === 0
      ? [...MUTABLE_FIELDS]
      : paths.map((path) => path.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase()));
  const next: StoredJob = { ...current, userUpdateTime: timestampOf(now) };
  for (const field of fields) {
    if (!(MUTABLE_FIELDS as readonly string[]).includes(field)) {
      throw new SchedulerError(status.INVALID_ARGUMENT, `Field ${field} cannot be updated`);
    }
    // An absent field in the mask clears it, as the API does.
    (next as Record<string, unknown>)[field] = input[field];
  }
  if (typeof input.target === 'string' && fields.includes(input.target)) {
    next.target = input.target;
  }
  checkSchedule(next.schedule, next.timeZone);
  withNextRun(next, now);
  return next;
}

export function withNextRun(job: StoredJob, now: Date): StoredJob {
  const next = job.state === 'ENABLED' ? nextRunOf(job, now) : undefined;
  if (next === undefined) delete job.scheduleTime;
  else job.scheduleTime = timestampOf(next);
  return job;
}
