import type { Storage } from 'firebase-admin/storage';
import { adminApp } from './admin.ts';

/** The bucket type as firebase-admin's (CommonJS) build of @google-cloud/storage declares it. */
export type Bucket = ReturnType<Storage['bucket']>;

/**
 * The project's default bucket. firebase-admin/storage pulls in @google-cloud/storage, which most
 * functions never need, so it is imported on first use rather than with the bundle.
 */
export async function defaultBucket(): Promise<Bucket> {
  return bucketNamed(undefined);
}

/** A bucket by name (a Storage event's), or the default one; loaded as `defaultBucket` is. */
export async function bucketNamed(name: string | undefined): Promise<Bucket> {
  const { getStorage } = await import('firebase-admin/storage');
  return getStorage(adminApp()).bucket(name);
}

/**
 * Deletes every object whose name starts with `prefix` and returns how many were deleted. Prefixes
 * end with a slash (see `storagePrefixes`), so `users/uid1/` never reaches `users/uid10/`. An object
 * deleted meanwhile by someone else is not an error, so a repeated or concurrent run is harmless.
 */
export async function deleteObjectsUnder(prefix: string): Promise<number> {
  if (!prefix.endsWith('/')) throw new Error(`Storage prefix must end with '/': ${prefix}`);
  const bucket = await defaultBucket();
  const [files] = await bucket.getFiles({ prefix, autoPaginate: true });
  await Promise.all(files.map((file) => file.delete({ ignoreNotFound: true })));
  return files.length;
}
