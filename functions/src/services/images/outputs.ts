import { randomUUID } from 'node:crypto';
import type { ImageVariant } from '@gadget/shared';
import type { Bucket } from '../platform/storage-bucket.ts';
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
 * uploads are processed at once. Returns the manifest entries, or undefined when a newer upload's
 * variants were already there (this run is superseded).
 */
export async function writeVariants(
  bucket: Bucket,
  target: ImageTarget,
  variants: readonly RenderedVariant[],
  sourceGeneration: bigint,
): Promise<ImageVariant[] | undefined> {
  const written = await Promise.all(
    variants.map(async (variant) => {
      const path = variantPath(target, variant.size);
      const stored = await writeUnlessNewer(bucket, path, variant.data, sourceGeneration);
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

async function writeUnlessNewer(
  bucket: Bucket,
  path: string,
  data: Buffer,
  sourceGeneration: bigint,
): Promise<boolean> {
  const file = bucket.file(path);
  for (let attempt = 0; attempt < MAX_WRITE_TRIES; attempt++) {
    const current = await file.getMetadata().then(
      ([metadata]) => metadata,
      (error: unknown) => {
        if (hasCode(error, 404)) return undefined;
        throw error;
      },
    );
    const madeFrom = current?.metadata?.[SOURCE_GENERATION_KEY];
    if (typeof madeFrom === 'string' && BigInt(madeFrom) > sourceGeneration) return false;
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
