import type { protos } from '@google-cloud/scheduler';
import {
  GRPC_ALREADY_EXISTS,
  GRPC_NOT_FOUND,
  isGrpcCode,
  jobNameOf,
  locationPath,
  schedulerClient,
} from './client.ts';
import { jobFor } from './job.ts';
import type { JobSpec } from './job.ts';

type Job = protos.google.cloud.scheduler.v1.IJob;

/** Creates the schedule's job (paused after creation if the schedule is); an existing one is kept. */
export async function createJob(spec: JobSpec): Promise<void> {
  const client = await schedulerClient();
  try {
    await client.createJob({ parent: locationPath(), job: jobFor(spec) });
  } catch (error) {
    if (!isGrpcCode(error, GRPC_ALREADY_EXISTS)) throw error;
  }
  if (spec.paused) await client.pauseJob({ name: jobNameOf(spec.scheduleId) });
}

/** Changes what `fields` names (`schedule`, `time_zone`) with an update mask. */
export async function updateJob(spec: JobSpec, fields: readonly string[]): Promise<void> {
  if (fields.length === 0) return;
  const client = await schedulerClient();
  await client.updateJob({ job: jobFor(spec), updateMask: { paths: [...fields] } });
}

export async function setJobPaused(scheduleId: string, paused: boolean): Promise<void> {
  const client = await schedulerClient();
  const name = jobNameOf(scheduleId);
  if (paused) await client.pauseJob({ name });
  else await client.resumeJob({ name });
}

/** Deletes a job by name; one already gone counts as deleted. */
export async function deleteJobNamed(name: string): Promise<void> {
  const client = await schedulerClient();
  try {
    await client.deleteJob({ name });
  } catch (error) {
    if (!isGrpcCode(error, GRPC_NOT_FOUND)) throw error;
  }
}

/** The job, or null when Cloud Scheduler has none of that name. */
export async function getJob(scheduleId: string): Promise<Job | null> {
  const client = await schedulerClient();
  try {
    const [job] = await client.getJob({ name: jobNameOf(scheduleId) });
    return job;
  } catch (error) {
    if (isGrpcCode(error, GRPC_NOT_FOUND)) return null;
    throw error;
  }
}

/** Every job in the location, all pages. */
export async function listJobNames(): Promise<string[]> {
  const client = await schedulerClient();
  const names: string[] = [];
  for await (const job of client.listJobsAsync(
    { parent: locationPath() },
    { autoPaginate: false },
  )) {
    if (job.name) names.push(job.name);
  }
  return names;
}
