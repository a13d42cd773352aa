import { deleteApp, initializeApp } from 'firebase-admin/app';
import type { App, AppOptions } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import type { Firestore } from 'firebase-admin/firestore';
import type { LocalCloud } from '@gadget/local-cloud';

export interface AdminFirestore {
  readonly app: App;
  readonly firestore: Firestore;
}

/**
 * A firebase-admin app of its own, named `name`, whose Firestore talks to `cloud`'s server: what a
 * script run against `npm start` uses, without touching the default app.
 */
export function adminFirestoreOn(
  cloud: LocalCloud,
  name: string,
  options: AppOptions = {},
): AdminFirestore {
  // No credentials locally: without this google-auth-library probes for a metadata server.
  process.env.METADATA_SERVER_DETECTION ??= 'none';
  const app = initializeApp({ projectId: cloud.projectId, ...options }, name);
  const firestore = getFirestore(app);
  firestore.settings({ host: cloud.firestoreServer.address, ssl: false });
  return { app, firestore };
}

export async function closeAdminFirestore(admin: AdminFirestore): Promise<void> {
  await admin.firestore.terminate();
  await deleteApp(admin.app);
}
