import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { BlobWriter, type BlobDigest } from './blob-writer.ts';
import { invalid, StorageApiError } from './errors.ts';
import { parseJsonObject } from '../net/json.ts';
import { checkDeclaredLength } from './http.ts';
import { readMultipartRelated } from './multipart.ts';
import type { ObjectStore, WriteCheck } from './object-store.ts';
import type { ObjectPatch, ObjectRecord, Preconditions } from './types.ts';

export interface ReceivedBlob {
  tempPath: string;
  digest: BlobDigest;
}

/** Streams a raw request body to a temp file. */
export async function receiveMedia(
  req: IncomingMessage,
  store: ObjectStore,
  maxBytes: number,
): Promise<ReceivedBlob> {
  checkDeclaredLength(req, maxBytes);
  const writer = await BlobWriter.create(store.tempPath(), maxBytes);
  try {
    await writer.append(req as AsyncIterable<Buffer>);
    return { tempPath: writer.path, digest: await writer.finish() };
  } catch (error) {
    await writer.discard();
    throw error;
  }
}

export interface ReceivedMultipart extends ReceivedBlob {
  metadata: Record<string, unknown>;
  mediaContentType?: string;
}

/** Streams a multipart/related upload: metadata to memory, media to a temp file. */
export async function receiveMultipart(
  req: IncomingMessage,
  boundary: string,
  store: ObjectStore,
  maxBytes: number,
): Promise<ReceivedMultipart> {
  checkDeclaredLength(req, maxBytes + 1024 * 1024);
  const writer = await BlobWriter.create(store.tempPath(), maxBytes);
  try {
    const parsed = await readMultipartRelated(req as AsyncIterable<Buffer>, boundary, (chunk) =>
      writer.write(chunk),
    );
    const received: ReceivedMultipart = {
      tempPath: writer.path,
      digest: await writer.finish(),
      metadata: parseMetadata(parsed.metadataJson),
    };
    if (parsed.mediaContentType !== undefined) received.mediaContentType = parsed.mediaContentType;
    return received;
  } catch (error) {
    await writer.discard();
    throw error;
  }
}

function parseMetadata(text: string): Record<string, unknown> {
  return parseJsonObject(
    text,
    () => invalid('The multipart metadata part is not JSON.'),
    () => invalid('The multipart metadata part must be a JSON object.'),
  );
}

export interface UploadSession {
  readonly id: string;
  readonly bucket: string;
  readonly name: string;
  readonly fields: ObjectPatch;
  readonly preconditions: Preconditions;
  readonly writer: BlobWriter;
  /** Total size announced at start, if any. */
  readonly declaredSize?: number;
  /** The security rules' verdict on the finished object, as the caller who started it. */
  readonly check?: WriteCheck;
  /** Whether a request is currently appending; concurrent chunks are refused. */
  busy: boolean;
  /** Set once finalized, so a repeated final request gets the same answer. */
  result?: ObjectRecord;
}

/**
 * Resumable upload sessions, for both the JSON API and the Firebase protocol. Sessions live
 * in memory with their bytes in a temp file; a restart drops them and clients start over.
 */
export class UploadSessions {
  readonly #sessions = new Map<string, UploadSession>();

  async start(
    store: ObjectStore,
    maxBytes: number,
    init: Omit<UploadSession, 'id' | 'writer' | 'busy' | 'result'>,
  ): Promise<UploadSession> {
    if (init.declaredSize !== undefined && init.declaredSize > maxBytes) {
      throw new StorageApiError(413, 'uploadTooLarge', `Uploads are limited to ${maxBytes} bytes.`);
    }
    const session: UploadSession = {
      ...init,
      id: randomUUID().replaceAll('-', ''),
      writer: await BlobWriter.create(store.tempPath(), maxBytes),
      busy: false,
    };
    this.#sessions.set(session.id, session);
    return session;
  }

  get(id: string | null): UploadSession | undefined {
    return id === null ? undefined : this.#sessions.get(id);
  }

  async cancel(session: UploadSession): Promise<void> {
    this.#sessions.delete(session.id);
    await session.writer.discard();
  }

  /** Finishes writing; the caller commits the temp file. */
  async finish(session: UploadSession): Promise<ReceivedBlob> {
    return { tempPath: session.writer.path, digest: await session.writer.finish() };
  }

  async closeAll(): Promise<void> {
    const sessions = [...this.#sessions.values()];
    this.#sessions.clear();
    await Promise.all(sessions.map((s) => s.writer.discard()));
  }
}
