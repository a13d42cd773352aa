export { startSchedulerServer } from './server.ts';
export type { SchedulerServer, SchedulerServerOptions } from './server.ts';
export type { SchedulerMethod } from './service.ts';
export type { JobAttempt } from './state.ts';
export type { StoredJob } from './jobs.ts';
export type {
  FunctionScheduleView,
  ScheduledFunction,
  ScheduledRun,
} from './function-schedules.ts';
