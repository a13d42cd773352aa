import { LIMITS } from '@gadget/shared';
import type { ImageFailureCode } from '@gadget/shared';

/** The most pixels an upload may have (sharp's `limitInputPixels`); a 12 MP phone photo is far below. */
export const MAX_INPUT_PIXELS = 50_000_000;

const MESSAGES: Record<ImageFailureCode, string> = {
  empty: 'The file is empty.',
  'too-large': `The file is larger than ${String(LIMITS.uploadMaxBytes / 1024 / 1024)} MB.`,
  'not-an-image': 'The file is not an image.',
  'unsupported-format':
    'This image format is not supported; use JPEG, PNG, WebP, AVIF, GIF or TIFF.',
  'too-many-pixels': `The image has more than ${String(MAX_INPUT_PIXELS / 1_000_000)} megapixels.`,
  corrupt: 'The image is damaged or incomplete and could not be read.',
  'gave-up': 'The image could not be processed.',
  'quota-exceeded': 'You have uploaded as many images as a day allows. Try again tomorrow.',
};

/**
 * An upload that can never become images, whatever the retries: it fails for good, with a reason
 * for the app. Anything else thrown by the pipeline is treated as transient and retried.
 */
export class ImageRejectedError extends Error {
  readonly code: ImageFailureCode;

  constructor(code: ImageFailureCode, detail?: string) {
    super(detail === undefined ? MESSAGES[code] : `${MESSAGES[code]} (${detail})`);
    this.name = 'ImageRejectedError';
    this.code = code;
  }
}
