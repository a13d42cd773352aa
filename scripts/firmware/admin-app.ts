import { deleteApp, initializeApp } from 'firebase-admin/app';
import type { App } from 'firebase-admin/app';
import { defaultBucketName } from '../cli/storage-bucket.ts';
import { useLocalEmulators } from '../local-emulators.ts';

/**
 * The admin app the firmware commands write with. demo- projects exist only in the emulators (the
 * variables when set, else npm start's); others use Application Default Credentials. With
 * `storage`, the app's bucket is the project's default one, as the functions that serve the images
 * know it (found, for a real project, by which of its two possible names exists).
 */
export async function firmwareAdminApp(
  projectId: string,
  options: { readonly storage: boolean },
): Promise<{ app: App; close: () => Promise<void> }> {
  const emulated = projectId.startsWith('demo-');
  if (emulated) useLocalEmulators();
  const storageBucket = options.storage ? await defaultBucketName(projectId, emulated) : undefined;
  const app = initializeApp({
    projectId,
    ...(storageBucket === undefined ? {} : { storageBucket }),
  });
  return { app, close: () => deleteApp(app) };
}
