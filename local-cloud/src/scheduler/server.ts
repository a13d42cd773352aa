import { Server } from '@grpc/grpc-js';
import { bindInsecure, stopGracefully } from '../net/grpc.ts';
import type { status } from '@grpc/grpc-js';
import { FunctionSchedules } from './function-schedules.ts';
import type {
  FunctionScheduleView,
  ScheduledFunction,
  ScheduledRun,
} from './function-schedules.ts';
import type { StoredJob } from './jobs.ts';
import { loadSchedulerService, schedulerHandlers } from './service.ts';
import type { SchedulerMethod } from './service.ts';
import { SchedulerState } from './state.ts';
import type { JobAttempt, JobFirer } from './state.ts';

export interface SchedulerServerOptions {
  readonly host?: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
}

export interface SchedulerServer {
  readonly host: string;
  readonly port: number;
  /** `host:port`, what the functions' client is pointed at. */
  readonly address: string;
  /** Every job in every project, as stored. */
  jobs(): StoredJob[];
  /** The latest firings (KEEP_ATTEMPTS): job, scheduled time, the status the target answered. */
  readonly attempts: readonly JobAttempt[];
  /** Fails the next `count` calls of `method` with `code`. */
  failNext(method: SchedulerMethod, code: status, count?: number): void;
  /** Fires a job now (as RunJob does), whatever its state; resolves when the target answered. */
  runJob(name: string, scheduleTime?: Date): Promise<JobAttempt>;
  /** Fires every enabled job due at `now`; paused jobs never fire. */
  fireDue(now: Date): Promise<JobAttempt[]>;
  /**
   * Fires due jobs and due scheduled functions by the wall clock every `intervalMs` (the dev
   * server); returns a stop.
   */
  startClock(intervalMs?: number): () => void;
  setFirer(fire: JobFirer): void;
  /**
   * The scheduled functions (onSchedule) the clock fires through `run`, as the jobs Firebase
   * creates for them do; replaces those set before. Throws when a schedule cannot be read.
   */
  scheduleFunctions(functions: readonly ScheduledFunction[], run: ScheduledRun): void;
  /** The scheduled functions with their next run after `now`. */
  functionSchedules(now?: Date): FunctionScheduleView[];
  /** One line per scheduled function with its schedule, for a start-up banner. */
  describeFunctionSchedules(now?: Date): string[];
  reset(): void;
  stop(): Promise<void>;
}

/** A Cloud Scheduler (google.cloud.scheduler.v1) gRPC service over plaintext, jobs in memory. */
export async function startSchedulerServer(
  options: SchedulerServerOptions = {},
): Promise<SchedulerServer> {
  const host = options.host ?? '127.0.0.1';
  const state = new SchedulerState();
  const functionSchedules = new FunctionSchedules();
  const server = new Server();
  server.addService(loadSchedulerService(), schedulerHandlers(state));
  const port = await bindInsecure(server, host, options.port ?? 0, 'Cloud Scheduler');
  return {
    host,
    port,
    address: `${host}:${String(port)}`,
    jobs: () => state.all(),
    attempts: state.attempts,
    failNext: (method, code, count) => {
      state.failNext(method, code, count);
    },
    runJob: async (name, scheduleTime) => {
      await state.run(name, scheduleTime);
      const last = state.attempts[state.attempts.length - 1];
      if (last === undefined) throw new Error(`Job ${name} did not fire`);
      return last;
    },
    fireDue: (now) => state.fireDue(now),
    startClock: (intervalMs = 1_000) => {
      const timer = setInterval(() => {
        const now = new Date();
        void state.fireDue(now);
        void functionSchedules.fireDue(now);
      }, intervalMs);
      timer.unref();
      return () => {
        clearInterval(timer);
      };
    },
    setFirer: (fire) => {
      state.fire = fire;
    },
    scheduleFunctions: (functions, run) => {
      functionSchedules.set(functions, run, new Date());
    },
    functionSchedules: (now = new Date()) => functionSchedules.view(now),
    describeFunctionSchedules: (now = new Date()) => functionSchedules.describe(now),
    reset: () => {
      state.reset();
    },
    stop: () => stopGracefully(server),
  };
}
