import { deleteApp, initializeApp } from 'firebase-admin/app';
import type { App } from 'firebase-admin/app';
import { useLocalEmulators } from '../local-emulators.ts';

/**
 * The admin app the firmware commands write with. demo- projects exist only in the emulators (the
 * variables when set, else npm start's); others use Application Default Credentials. The bucket
 * is the project's default one, as the functions that serve the images know it.
 */
export function firmwareAdminApp(projectId: string): { app: App; close: () => Promise<void> } {
  if (projectId.startsWith('demo-')) useLocalEmulators();
  const app = initializeApp({
    projectId,
    storageBucket: process.env.STORAGE_BUCKET ?? `${projectId}.appspot.com`,
  });
  return { app, close: () => deleteApp(app) };
}
