// What an upload request asks for, read alike by the Cloud Storage JSON API (gcs-routes.ts) and
// the Firebase Storage REST API (firebase-routes.ts): which object, with which fields, and the
// bytes received. Each router then adds its own checks (preconditions, rules, download tokens).
import { rm } from 'node:fs/promises';
import type { ApiRequest } from './context.ts';
import { invalid } from './errors.ts';
import { header, readJson } from './http.ts';
import { readPatch } from './resource.ts';
import type { ObjectPatch } from './types.ts';
import { receiveMedia, receiveMultipart, type ReceivedBlob } from './uploads.ts';

/** The object an upload is for and its fields as the request gives them. */
export interface UploadTarget {
  readonly name: string;
  readonly fields: ObjectPatch;
}

/** An upload whose bytes are in a temp file, not yet committed. */
export interface ReceivedUpload extends UploadTarget {
  readonly received: ReceivedBlob;
}

/** The object an upload names: `?name=` first, else the `name` of its metadata. */
export function uploadName(url: URL, metadata: Record<string, unknown> = {}): string {
  const name = url.searchParams.get('name') ?? metadata.name;
  if (typeof name !== 'string' || name === '') throw invalid('Upload needs an object name.');
  return name;
}

/** A media upload: the body is the bytes, `?name=` the object, its Content-Type the object's. */
export async function receiveMediaUpload({ ctx, req, url }: ApiRequest): Promise<ReceivedUpload> {
  const name = uploadName(url);
  const received = await receiveMedia(req, ctx.store, ctx.maxUploadBytes);
  const contentType = header(req, 'content-type');
  return { name, fields: contentType ? { contentType } : {}, received };
}

/**
 * A multipart/related upload: JSON metadata, then the bytes, whose part's Content-Type stands when
 * the metadata names none. Metadata that names no object or has a malformed field drops the bytes.
 */
export async function receiveMultipartUpload(
  { ctx, req, url }: ApiRequest,
  boundary: string,
): Promise<ReceivedUpload> {
  const received = await receiveMultipart(req, boundary, ctx.store, ctx.maxUploadBytes);
  try {
    const name = uploadName(url, received.metadata);
    const fields = readPatch(received.metadata);
    fields.contentType ??= received.mediaContentType ?? null;
    return { name, fields, received };
  } catch (error) {
    await rm(received.tempPath, { force: true });
    throw error;
  }
}

/** The request headers through which a resumable start announces the bytes to come. */
export interface AnnouncedBytes {
  readonly contentType: string;
  readonly contentLength: string;
}

/**
 * A resumable upload's start: the object and its fields from the JSON body (or `?name=`), the type
 * and size of the bytes to come from the headers the protocol names.
 */
export async function readResumableStart(
  { req, url }: ApiRequest,
  announced: AnnouncedBytes,
): Promise<UploadTarget & { readonly declaredSize?: number }> {
  const metadata = (await readJson(req)) as Record<string, unknown>;
  const name = uploadName(url, metadata);
  const fields = readPatch(metadata);
  fields.contentType ??= header(req, announced.contentType) ?? null;
  const declared = header(req, announced.contentLength);
  return declared === undefined
    ? { name, fields }
    : { name, fields, declaredSize: Number(declared) };
}
