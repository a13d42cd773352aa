import { IMAGE_SIZES } from '@gadget/shared';

/**
 * Where uploads come in and variants go out. Only the two upload shapes below are processed; the
 * outputs live under `images/`, which no upload pattern matches, so the pipeline cannot feed itself.
 */

/** Custom metadata on every output: a second guard against processing our own writes. */
export const OUTPUT_MARKER = { key: 'gadgetImagePipeline', value: 'output' } as const;

/** Custom metadata the apps set on device photo uploads: who uploaded (Storage does not say). */
export const UPLOADER_METADATA_KEY = 'uploadedBy';

export type ImageTarget =
  | { readonly kind: 'avatar'; readonly uid: string }
  | { readonly kind: 'photo'; readonly deviceId: string; readonly photoId: string };

/** Firestore ids as the apps make them: never a path, never `.` or `..`. */
const ID = '([A-Za-z0-9_-]{1,128})';
// A file name segment: anything but a slash; what the app calls the file does not matter.
const FILE = '[^/]+';
const AVATAR_UPLOAD = new RegExp(`^uploads/users/${ID}/avatar/${FILE}$`);
const PHOTO_UPLOAD = new RegExp(`^uploads/devices/${ID}/photos/${ID}/${FILE}$`);

/** The target an object name is an upload for, or undefined when it is not one. */
export function parseUploadPath(name: string): ImageTarget | undefined {
  const avatar = AVATAR_UPLOAD.exec(name);
  if (avatar?.[1] !== undefined) return { kind: 'avatar', uid: avatar[1] };
  const photo = PHOTO_UPLOAD.exec(name);
  if (photo?.[1] !== undefined && photo[2] !== undefined) {
    return { kind: 'photo', deviceId: photo[1], photoId: photo[2] };
  }
  return undefined;
}

export function sizesFor(target: ImageTarget): readonly number[] {
  return target.kind === 'avatar' ? IMAGE_SIZES.avatar : IMAGE_SIZES.photo;
}

/** The folder holding a target's variants; ends with a slash. */
export function variantFolder(target: ImageTarget): string {
  return target.kind === 'avatar'
    ? `images/users/${target.uid}/avatar/`
    : `images/devices/${target.deviceId}/photos/${target.photoId}/`;
}

/** Deterministic, so a retry overwrites what an earlier attempt wrote instead of adding to it. */
export function variantPath(target: ImageTarget, size: number): string {
  return `${variantFolder(target)}${String(size)}.webp`;
}

/** The folder the apps upload a device photo's original to; ends with a slash. */
export function photoUploadFolder(deviceId: string, photoId: string): string {
  return `uploads/devices/${deviceId}/photos/${photoId}/`;
}
