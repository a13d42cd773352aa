import type { CloudSchedulerClient } from '@google-cloud/scheduler';
import { localSchedulerEndpoint, projectId, REGION } from '../../config.ts';

/** Cloud Scheduler's gRPC status codes this service tells apart. */
export const GRPC_NOT_FOUND = 5;
export const GRPC_ALREADY_EXISTS = 6;

/** Every job this project's schedules own is named with this prefix, so reconciliation finds them. */
export const JOB_ID_PREFIX = 'gadget-schedule-';

let client: Promise<CloudSchedulerClient> | undefined;

/**
 * The Cloud Scheduler client, created on first use: the library (gRPC stubs, protos) is loaded only
 * by the schedule paths, never on a cold start of the other functions. On local-cloud it is the
 * same client pointed at local-cloud's Cloud Scheduler service over plaintext gRPC.
 */
export function schedulerClient(): Promise<CloudSchedulerClient> {
  client ??= createClient().catch((error: unknown) => {
    client = undefined;
    throw error;
  });
  return client;
}

async function createClient(): Promise<CloudSchedulerClient> {
  const { CloudSchedulerClient } = await import('@google-cloud/scheduler');
  const endpoint = localSchedulerEndpoint();
  if (endpoint === undefined) return new CloudSchedulerClient();
  const separator = endpoint.lastIndexOf(':');
  // Plaintext gRPC to local-cloud. The credentials must come from the same grpc-js the client uses
  // (it checks `instanceof`): the declared dependency, which npm dedupes with google-gax's.
  const grpc = await import('@grpc/grpc-js');
  return new CloudSchedulerClient({
    apiEndpoint: endpoint.slice(0, separator),
    port: Number(endpoint.slice(separator + 1)),
    sslCreds: grpc.credentials.createInsecure(),
  });
}

export function locationPath(): string {
  return `projects/${projectId()}/locations/${REGION}`;
}

export function jobNameOf(scheduleId: string): string {
  return `${locationPath()}/jobs/${JOB_ID_PREFIX}${scheduleId}`;
}

/** The schedule id a job of ours belongs to, or null for somebody else's job. */
export function scheduleIdOfJob(jobName: string): string | null {
  const id = jobName.slice(jobName.lastIndexOf('/') + 1);
  return id.startsWith(JOB_ID_PREFIX) ? id.slice(JOB_ID_PREFIX.length) : null;
}

export function isGrpcCode(error: unknown, code: number): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === code;
}
