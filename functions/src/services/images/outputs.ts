import { randomUUID } from 'node:crypto';
import type { ImageVariant } from '@gadget/shared';
import type { Bucket } from '../../storage-bucket.ts';
import { OUTPUT_MARKER, variantPath } from './paths.ts';
import type { ImageTarget } from './paths.ts';
import type { RenderedVariant } from './render.ts';

// Paths are reused when an avatar is replaced, so caches must revalidate rather than keep an hour.
const CACHE_CONTROL = 'private, max-age=300';

// Custom metadata on each output: the upload generation it was made from.
const SOURCE_GENERATION_KEY = 'sourceGeneration';
const MAX_WRITE_TRIES = 5;

/**
 * Writes each variant to its deterministic path (a retry overwrites) with a download token, so the
 * client SDKs' `getDownloadURL` works, and the output marker. Each write is a compare-and-swap on
 * the object's generation, so an output never goes back to an older upload's image when two
 * uploads are processed at once. A size that shares a smaller size's file (a small photo) gets a
 * manifest entry pointing at that file, and an older upload's file at its own path is deleted, so
 * no earlier picture stays reachable there. Returns the manifest entries, or undefined when a
 * newer upload's variants were already there (this run is superseded).
 */
export async function writeVariants(
  bucket: Bucket,
  target: ImageTarget,
  variants: readonly RenderedVariant[],
  sourceGeneration: bigint,
): Promise<ImageVariant[] | undefined> {
  const written = await Promise.all(
    variants.map(async (variant) => {
      const path = variantPath(target, variant.storedAs);
      const stored =
        variant.storedAs === variant.size
          ? await writeUnlessNewer(bucket, path, variant.data, sourceGeneration)
          : await deleteUnlessNewer(bucket, variantPath(target, variant.size), sourceGeneration);
      return {
        stored,
        entry: {
          size: variant.size,
          path,
          width: variant.width,
          height: variant.height,
          bytes: variant.data.length,
        },
      };
    }),
  );
  return written.every((w) => w.stored) ? written.map((w) => w.entry) : undefined;
}

/** Deletes an output made from an older upload; false when a newer upload's is there. */
async function deleteUnlessNewer(
  bucket: Bucket,
  path: string,
  sourceGeneration: bigint,
): Promise<boolean> {
  const file = bucket.file(path);
  for (let attempt = 0; attempt < MAX_WRITE_TRIES; attempt++) {
    const current = await currentMetadata(file);
    if (current === undefined) return true;
    if (isNewer(current, sourceGeneration)) return false;
    try {
      await file.delete({ ifGenerationMatch: current.generation });
      return true;
    } catch (error) {
      // Gone meanwhile, or rewritten: look again.
      if (hasCode(error, 404)) return true;
      if (!hasCode(error, 412)) throw error;
    }
  }
  throw new Error(`Could not delete ${path}: it kept changing underneath`);
}

async function writeUnlessNewer(
  bucket: Bucket,
  path: string,
  data: Buffer,
  sourceGeneration: bigint,
): Promise<boolean> {
  const file = bucket.file(path);
  for (let attempt = 0; attempt < MAX_WRITE_TRIES; attempt++) {
    const current = await currentMetadata(file);
    if (current !== undefined && isNewer(current, sourceGeneration)) return false;
    try {
      await file.save(data, {
        resumable: false,
        contentType: 'image/webp',
        metadata: {
          cacheControl: CACHE_CONTROL,
          metadata: {
            firebaseStorageDownloadTokens: randomUUID(),
            [OUTPUT_MARKER.key]: OUTPUT_MARKER.value,
            [SOURCE_GENERATION_KEY]: sourceGeneration.toString(),
          },
        },
        preconditionOpts: { ifGenerationMatch: current?.generation ?? 0 },
      });
      return true;
    } catch (error) {
      // Someone wrote the object between our read and write: look again.
      if (!hasCode(error, 412)) throw error;
    }
  }
  throw new Error(`Could not write ${path}: it kept changing underneath`);
}

type StoredFile = ReturnType<Bucket['file']>;

/** What the compare-and-swap reads of an output: its generation and custom metadata. */
interface FileMetadata {
  readonly generation?: string | number;
  readonly metadata?: Readonly<Record<string, unknown>>;
}

async function currentMetadata(file: StoredFile): Promise<FileMetadata | undefined> {
  return file.getMetadata().then(
    ([metadata]) => metadata,
    (error: unknown) => {
      if (hasCode(error, 404)) return undefined;
      throw error;
    },
  );
}

/** Whether the output was made from an upload newer than `sourceGeneration`. */
function isNewer(current: FileMetadata, sourceGeneration: bigint): boolean {
  const madeFrom = current.metadata?.[SOURCE_GENERATION_KEY];
  return typeof madeFrom === 'string' && BigInt(madeFrom) > sourceGeneration;
}

/** The upload's bytes at exactly `generation`, or undefined when that generation is gone. */
export async function downloadGeneration(
  bucket: Bucket,
  name: string,
  generation: bigint,
): Promise<Buffer | undefined> {
  try {
    const [bytes] = await bucket.file(name, { generation: generation.toString() }).download();
    return bytes;
  } catch (error) {
    if (hasCode(error, 404)) return undefined;
    throw error;
  }
}

/**
 * Deletes the upload (it may carry GPS coordinates), but only the generation this run handled: a
 * newer upload to the same name is left for its own event.
 */
export async function deleteGeneration(
  bucket: Bucket,
  name: string,
  generation: bigint,
): Promise<void> {
  await bucket.file(name, { generation: generation.toString() }).delete({ ignoreNotFound: true });
}

function hasCode(error: unknown, code: number): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === code;
}
