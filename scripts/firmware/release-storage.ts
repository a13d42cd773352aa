import type { Storage } from 'firebase-admin/storage';
import { FirmwareRefusal } from './refusal.ts';

/** The bucket type as firebase-admin's (CommonJS) build of @google-cloud/storage declares it. */
export type Bucket = ReturnType<Storage['bucket']>;

/** An image in Storage, and whether this run put it there (only then may the run take it away). */
export interface StoredImage {
  readonly path: string;
  readonly generation: string;
  readonly created: boolean;
}

const PRECONDITION_FAILED = 412;

/**
 * Puts `bytes` at `path` only if no object is there: a release's object is never replaced, since
 * gadgets may be downloading it. An object already holding these bytes (a run of the same release
 * that stopped before recording it, or one running beside this one) is taken as it is; one holding
 * other bytes is refused. The stored size is then checked against the file's, and a short object
 * is deleted: a gadget would only find out after downloading it.
 */
export async function storeImage(
  bucket: Bucket,
  path: string,
  bytes: Uint8Array,
  sha256: string,
): Promise<StoredImage> {
  const file = bucket.file(path);
  try {
    await file.save(Buffer.from(bytes), {
      resumable: false,
      contentType: 'application/octet-stream',
      metadata: { metadata: { sha256 } },
      preconditionOpts: { ifGenerationMatch: 0 },
    });
  } catch (error) {
    if (errorCode(error) !== PRECONDITION_FAILED) throw error;
    const [existing] = await file.getMetadata();
    if (Number(existing.size) !== bytes.length || existing.metadata?.sha256 !== sha256) {
      throw new FirmwareRefusal(
        `${path} already holds other bytes in ${bucket.name}; delete it if an interrupted release left it`,
      );
    }
    return { path, generation: String(existing.generation), created: false };
  }
  const [stored] = await file.getMetadata();
  const image = { path, generation: String(stored.generation), created: true };
  if (Number(stored.size) !== bytes.length) {
    await removeImage(bucket, image);
    throw new Error(
      `${path} was stored with ${String(stored.size)} bytes, not ${bytes.length}; deleted it`,
    );
  }
  return image;
}

/** Deletes an image this run created, and only that generation of it; others are left alone. */
export async function removeImage(bucket: Bucket, image: StoredImage): Promise<void> {
  if (!image.created) return;
  await bucket
    .file(image.path)
    .delete({ ignoreNotFound: true, ifGenerationMatch: image.generation });
}

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}
