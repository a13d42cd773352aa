import type { ImageFailureCode } from '@gadget/shared';
import * as logs from '../../logs.ts';
import type { Bucket } from '../../storage-bucket.ts';
import { claimGeneration, finishGeneration } from './manifests.ts';
import { deleteGeneration, downloadGeneration, writeVariants } from './outputs.ts';
import { sizesFor, UPLOADER_METADATA_KEY } from './paths.ts';
import type { ImageTarget } from './paths.ts';
import { ImageRejectedError } from './rejection.ts';
import { renderVariants } from './render.ts';
import { shouldProcess, sizeProblem } from './should-process.ts';
import type { UploadedObject } from './should-process.ts';

export interface PipelineSettings {
  readonly quality: number;
  readonly threads: number;
  /** Uploads per user per day (UPLOAD_DAILY_QUOTA). */
  readonly dailyQuota: number;
}

export type PipelineOutcome =
  | 'ignored'
  | 'owner-gone'
  | 'stale'
  | 'duplicate'
  | 'source-gone'
  | 'ready'
  | 'superseded'
  | 'failed';

/**
 * Turns one finalized upload into variants and a manifest, or into a failure with a reason. The
 * original is deleted in every case that ends here, except when a newer upload has taken over.
 * Rejections of the file itself end the run normally (a retry would fail the same way); errors of
 * Storage or Firestore propagate, so the event is retried, and a generation that keeps crashing
 * the run is given up on after `MAX_ATTEMPTS` starts.
 */
export async function processUpload(
  bucket: Bucket,
  object: UploadedObject,
  settings: PipelineSettings,
  now: () => Date = () => new Date(),
): Promise<PipelineOutcome> {
  const decision = shouldProcess(object);
  if (!decision.process) {
    logs.imageUploadIgnored({ name: object.name, reason: decision.reason });
    return 'ignored';
  }
  const { target, generation } = decision;
  const startedAt = Date.now();
  const uploader = object.metadata?.[UPLOADER_METADATA_KEY];
  const claim = await claimGeneration(target, generation, uploader, now(), settings.dailyQuota);
  if (
    claim.outcome !== 'claimed' &&
    claim.outcome !== 'exhausted' &&
    claim.outcome !== 'over-quota'
  ) {
    // Redeliveries, stale events and uploads of people no longer entitled: the upload goes.
    await deleteGeneration(bucket, object.name, generation);
    const outcome = claim.outcome === 'done' ? 'duplicate' : claim.outcome;
    logs.imageUploadSkipped({ ...describe(target), generation: object.generation, outcome });
    return outcome;
  }

  const fail = async (code: ImageFailureCode, message: string): Promise<PipelineOutcome> => {
    await finishGeneration(target, generation, { status: 'failed', code, message }, now());
    await deleteGeneration(bucket, object.name, generation);
    logs.imageUploadFailed({ ...describe(target), generation: object.generation, code, message });
    return 'failed';
  };

  if (claim.outcome === 'exhausted') {
    return fail('gave-up', new ImageRejectedError('gave-up').message);
  }
  if (claim.outcome === 'over-quota') {
    return fail('quota-exceeded', new ImageRejectedError('quota-exceeded').message);
  }
  const tooBig = sizeProblem(object);
  if (tooBig !== undefined) return fail(tooBig, new ImageRejectedError(tooBig).message);

  const bytes = await downloadGeneration(bucket, object.name, generation);
  if (bytes === undefined) {
    // Replaced or deleted before we got to it. Recorded as failed so the manifest does not stay
    // `processing`; a newer upload's claim outranks this generation either way.
    await finishGeneration(
      target,
      generation,
      { status: 'failed', code: 'gave-up', message: 'The upload was removed before processing.' },
      now(),
    );
    logs.imageUploadSkipped({
      ...describe(target),
      generation: object.generation,
      outcome: 'source-gone',
    });
    return 'source-gone';
  }

  let rendered;
  try {
    rendered = await renderVariants(bytes, {
      shape: target.kind === 'avatar' ? 'square' : 'inside',
      sizes: sizesFor(target),
      quality: settings.quality,
      threads: settings.threads,
    });
  } catch (error) {
    if (error instanceof ImageRejectedError) return fail(error.code, error.message);
    throw error;
  }

  const variants = await writeVariants(bucket, target, rendered, generation);
  const recorded =
    variants !== undefined &&
    (await finishGeneration(target, generation, { status: 'ready', variants }, now()));
  await deleteGeneration(bucket, object.name, generation);
  logs.imageUploadProcessed({
    ...describe(target),
    generation: object.generation,
    recorded,
    inputBytes: bytes.length,
    outputBytes: rendered.reduce((sum, v) => sum + (v.storedAs === v.size ? v.data.length : 0), 0),
    durationMs: Date.now() - startedAt,
  });
  return recorded ? 'ready' : 'superseded';
}

function describe(target: ImageTarget): { kind: string; uid?: string; deviceId?: string } {
  return target.kind === 'avatar'
    ? { kind: 'avatar', uid: target.uid }
    : { kind: 'photo', deviceId: target.deviceId };
}
