import type { protos } from '@google-cloud/scheduler';
import { projectId, REGION, SCHEDULER_SERVICE_ACCOUNT } from '../../config.ts';
import { jobNameOf } from './client.ts';

type Job = protos.google.cloud.scheduler.v1.IJob;

/** What a job needs from its schedule document. */
export interface JobSpec {
  readonly scheduleId: string;
  readonly cron: string;
  readonly timeZone: string;
  readonly paused: boolean;
}

/** `runSchedule`'s URL. */
export function runScheduleUrl(): string {
  return `https://${REGION}-${projectId()}.cloudfunctions.net/runSchedule`;
}

/**
 * The audience of one job's OIDC token: the URL with the schedule's id, so a token Cloud Scheduler
 * minted for one job cannot be replayed to run another (runSchedule checks it against the body).
 */
export function runScheduleAudience(scheduleId: string): string {
  return `${runScheduleUrl()}?scheduleId=${encodeURIComponent(scheduleId)}`;
}

export function schedulerServiceAccount(): string {
  return (
    SCHEDULER_SERVICE_ACCOUNT.value() || `scheduler-invoker@${projectId()}.iam.gserviceaccount.com`
  );
}

/**
 * The Cloud Scheduler job of a schedule: POSTs `{scheduleId}` to `runSchedule` with an OIDC token
 * for that schedule alone, retried a few times with backoff (runSchedule is idempotent per scheduled time).
 */
export function jobFor(spec: JobSpec): Job {
  const url = runScheduleUrl();
  return {
    name: jobNameOf(spec.scheduleId),
    description: `Gadget reminder ${spec.scheduleId}`,
    schedule: spec.cron,
    timeZone: spec.timeZone,
    httpTarget: {
      uri: url,
      httpMethod: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: Buffer.from(JSON.stringify({ scheduleId: spec.scheduleId })),
      oidcToken: {
        serviceAccountEmail: schedulerServiceAccount(),
        audience: runScheduleAudience(spec.scheduleId),
      },
    },
    retryConfig: {
      retryCount: 3,
      minBackoffDuration: { seconds: 10 },
      maxBackoffDuration: { seconds: 300 },
      maxDoublings: 3,
    },
    attemptDeadline: { seconds: 60 },
  };
}
