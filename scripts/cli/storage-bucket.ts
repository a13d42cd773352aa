// The default Cloud Storage bucket of the project a script writes to. Its name depends on when the
// bucket was created: `<id>.appspot.com` before October 30, 2024, `<id>.firebasestorage.app` since
// (a project created since then creates its default bucket in the Firebase console's Storage page).
import { deleteApp, initializeApp } from 'firebase-admin/app';
import { getStorage } from 'firebase-admin/storage';

/** The emulators' default bucket (local-cloud's and the Emulator Suite's) for a demo- project. */
export function emulatorBucket(projectId: string): string {
  return `${projectId}.appspot.com`;
}

/** A project with neither default bucket: said in one line, with what to do. */
export class NoDefaultBucketError extends Error {
  override name = 'NoDefaultBucketError';
}

/**
 * `STORAGE_BUCKET` when set; in the emulators, theirs; else the project's default bucket, whichever
 * of the two names exists (with Application Default Credentials).
 */
export async function defaultBucketName(
  projectId: string,
  emulated: boolean,
  env: NodeJS.ProcessEnv = process.env,
  exists: (bucket: string) => Promise<boolean> = (bucket) => bucketExists(projectId, bucket),
): Promise<string> {
  if (env.STORAGE_BUCKET !== undefined && env.STORAGE_BUCKET !== '') return env.STORAGE_BUCKET;
  if (emulated) return emulatorBucket(projectId);
  const candidates = [`${projectId}.firebasestorage.app`, `${projectId}.appspot.com`];
  for (const bucket of candidates) {
    if (await exists(bucket)) return bucket;
  }
  throw new NoDefaultBucketError(
    `${projectId} has no default Storage bucket (neither gs://${candidates.join(' nor gs://')}): ` +
      "create it in the Firebase console's Storage page, or name the bucket in STORAGE_BUCKET",
  );
}

async function bucketExists(projectId: string, bucket: string): Promise<boolean> {
  const probe = initializeApp({ projectId }, `bucket-probe-${bucket}`);
  try {
    const [exists] = await getStorage(probe).bucket(bucket).exists();
    return exists;
  } finally {
    await deleteApp(probe);
  }
}
