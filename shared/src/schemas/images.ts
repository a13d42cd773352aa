import * as z from 'zod';

/**
 * The image pipeline's sizes, in pixels. Avatars are squares (cropped to cover); photos fit inside a
 * square of the size and are never enlarged, so a small photo has every size, and the sizes it fits
 * in whole share one file (their manifest entries have the same `path`).
 */
export const IMAGE_SIZES = {
  avatar: [128, 512],
  photo: [320, 1280, 2048],
} as const;

/** Why an upload produced no images; `message` in the manifest says it in words. */
export const ImageFailureCodeSchema = z.enum([
  'empty',
  'too-large',
  'not-an-image',
  'unsupported-format',
  'too-many-pixels',
  'corrupt',
  'gave-up',
  /** The uploader's images for the day (UPLOAD_DAILY_QUOTA) are used up. */
  'quota-exceeded',
]);
export type ImageFailureCode = z.infer<typeof ImageFailureCodeSchema>;

export const ImageVariantSchema = z.object({
  size: z.number().int().positive(),
  /**
   * Storage path under `images/`; `getDownloadURL(ref(storage, path))` in the apps. Sizes whose
   * images would be the same bytes (a photo smaller than both) name the same file.
   */
  path: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  bytes: z.number().int().nonnegative(),
});
export type ImageVariant = z.infer<typeof ImageVariantSchema>;

/**
 * What the pipeline made of an upload, for the apps to listen to: `users/{uid}.avatar` and
 * `devices/{id}/photos/{photoId}`. `sourceGeneration` is the upload's Storage generation (an int64
 * as a decimal string); an event for an older one changes nothing. `attempts` counts the runs that
 * started on this generation, so an upload that keeps crashing the function is given up on.
 */
export const ImageManifestSchema = z.object({
  status: z.enum(['processing', 'ready', 'failed']),
  variants: z.array(ImageVariantSchema),
  sourceGeneration: z.string().regex(/^\d{1,20}$/),
  attempts: z.number().int().nonnegative(),
  error: z.object({ code: ImageFailureCodeSchema, message: z.string() }).optional(),
  /** Who uploaded the source (device photos; absent on avatars and older manifests). */
  uploadedBy: z.string().optional(),
  updatedAt: z.date(),
});
export type ImageManifest = z.infer<typeof ImageManifestSchema>;
