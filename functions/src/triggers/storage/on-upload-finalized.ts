import { onObjectFinalized } from 'firebase-functions/v2/storage';
import { IMAGE_FUNCTION, IMAGE_WEBP_QUALITY, UPLOAD_DAILY_QUOTA } from '../../config.ts';
import { processUpload } from '../../services/images/pipeline.ts';
import { bucketNamed } from '../../storage-bucket.ts';

/**
 * The image pipeline, on every object finalized in the default bucket: avatar and device photo
 * uploads become WebP variants and a manifest; everything else is ignored. Retried, because only
 * transient errors reach firebase-functions: a bad file ends the run as a recorded failure.
 */
export const onUploadFinalized = onObjectFinalized(
  { retry: true, ...IMAGE_FUNCTION },
  async (event) => {
    const bucket = await bucketNamed(event.data.bucket);
    const { name, generation, size, metadata } = event.data;
    await processUpload(
      bucket,
      {
        name,
        bucket: event.data.bucket,
        generation: String(generation),
        size: String(size),
        metadata,
      },
      {
        quality: IMAGE_WEBP_QUALITY.value(),
        threads: IMAGE_FUNCTION.cpu,
        dailyQuota: UPLOAD_DAILY_QUOTA.value(),
      },
    );
  },
);
