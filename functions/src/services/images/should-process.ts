import { LIMITS } from '@gadget/shared';
import { OUTPUT_MARKER, parseUploadPath } from './paths.ts';
import type { ImageTarget } from './paths.ts';

/** The parts of a Storage object event the pipeline looks at before downloading anything. */
export interface UploadedObject {
  readonly name: string;
  readonly bucket: string;
  readonly generation: string;
  /** Bytes, as the event's decimal string. */
  readonly size: string;
  readonly metadata?: Readonly<Record<string, string>> | undefined;
}

export type IgnoreReason = 'not-an-upload-path' | 'pipeline-output' | 'no-generation';

export type UploadDecision =
  | { readonly process: false; readonly reason: IgnoreReason }
  | { readonly process: true; readonly target: ImageTarget; readonly generation: bigint };

/**
 * Whether an object is an upload the pipeline owns. Everything else in the bucket (exports, the
 * pipeline's own outputs, files of other features) is ignored, cheaply, from the event alone.
 */
export function shouldProcess(object: UploadedObject): UploadDecision {
  if (object.metadata?.[OUTPUT_MARKER.key] === OUTPUT_MARKER.value) {
    return { process: false, reason: 'pipeline-output' };
  }
  const target = parseUploadPath(object.name);
  if (target === undefined) return { process: false, reason: 'not-an-upload-path' };
  if (!/^\d{1,20}$/.test(object.generation)) return { process: false, reason: 'no-generation' };
  return { process: true, target, generation: BigInt(object.generation) };
}

/** A rejection decided from the event's size alone, before any byte is downloaded. */
export function sizeProblem(object: UploadedObject): 'empty' | 'too-large' | undefined {
  const size = Number(object.size);
  if (!Number.isFinite(size) || size <= 0) return 'empty';
  if (size > LIMITS.uploadMaxBytes) return 'too-large';
  return undefined;
}
