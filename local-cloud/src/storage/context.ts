import { rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StorageRulesAuthorizer } from '../rules/storage/authorizer.ts';
import type { ProjectCheck } from '../single-project.ts';
import type { StorageEvents } from './events.ts';
import type { ObjectStore, WriteCheck, WriteResult } from './object-store.ts';
import { toResource } from './resource.ts';
import type { ReceivedBlob, UploadSessions } from './uploads.ts';
import type { ObjectPatch, ObjectRecord, Preconditions } from './types.ts';

/** What every route handler needs. */
export interface StorageContext {
  readonly store: ObjectStore;
  readonly events: StorageEvents;
  readonly sessions: UploadSessions;
  /** Decides the Firebase API's requests; the JSON API (admin credentials) bypasses it. */
  readonly rules: StorageRulesAuthorizer;
  readonly baseUrl: string;
  readonly maxUploadBytes: number;
  readonly defaultBucket?: string;
  readonly projectCheck?: ProjectCheck;
}

/** Commits a received upload and schedules its events; the temp file is gone either way. */
export async function commitUpload(
  ctx: StorageContext,
  res: ServerResponse,
  target: { bucket: string; name: string },
  received: ReceivedBlob,
  fields: ObjectPatch,
  preconditions: Preconditions,
  check?: WriteCheck,
): Promise<ObjectRecord> {
  let result: WriteResult;
  try {
    result = await ctx.store.commit(
      target.bucket,
      target.name,
      received.tempPath,
      received.digest,
      fields,
      preconditions,
      check,
    );
  } catch (error) {
    await rm(received.tempPath, { force: true });
    throw error;
  }
  notifyWrite(ctx, res, result);
  return result.record;
}

/**
 * Production reports an overwrite of a live object in a bucket without versioning as a delete
 * of the replaced generation ("objects that are overwritten" are permanently deleted) plus a
 * finalize of the new one; the delete is delivered first.
 */
export function notifyWrite(ctx: StorageContext, res: ServerResponse, result: WriteResult): void {
  const events: Parameters<StorageEvents['afterResponse']>[1] = [];
  if (result.replaced) events.push(['delete', toResource(result.replaced, ctx.baseUrl)]);
  events.push(['finalize', toResource(result.record, ctx.baseUrl)]);
  ctx.events.afterResponse(res, events);
}

export function notifyDelete(ctx: StorageContext, res: ServerResponse, record: ObjectRecord): void {
  ctx.events.afterResponse(res, [['delete', toResource(record, ctx.baseUrl)]]);
}

/** A request as the API routers hand it to their handlers. */
export interface ApiRequest {
  ctx: StorageContext;
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** Path segments after the API prefix (`/v0`, `/storage/v1`…), still percent-encoded. */
  segments: string[];
}
