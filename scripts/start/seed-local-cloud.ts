import { deleteApp, initializeApp } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';
import { getFirestore } from 'firebase-admin/firestore';
import type { LocalCloud } from '@gadget/local-cloud';
import { readFunctionsEnv } from '@gadget/local-cloud';
import { readSeed } from '../seed/seed-files.ts';
import { seedBackend } from '../seed/seed-backend.ts';
import type { SeedReport } from '../seed/seed-backend.ts';

/** The key that hashes claim codes when nothing else is configured: local demo data only. */
export const LOCAL_CLAIM_CODE_SECRET = 'local-cloud-demo-claim-code-secret';

/**
 * The claim-code key for local runs: `CLAIM_CODE_SECRET` from `functions/.secret.local` (where the
 * Firebase CLI reads secrets when emulating) or the demo key. The seed and the functions share it.
 */
export function localClaimCodeSecret(functionsDir: string, projectId: string): string {
  return readFunctionsEnv(functionsDir, projectId).CLAIM_CODE_SECRET ?? LOCAL_CLAIM_CODE_SECRET;
}

/** Loads emulator-data/seed into a running local-cloud and waits for the triggers it causes. */
export async function seedLocalCloud(
  cloud: LocalCloud,
  seedDir: string,
  claimCodeSecret: string,
): Promise<SeedReport> {
  const seed = readSeed(seedDir);
  process.env.FIREBASE_AUTH_EMULATOR_HOST = cloud.authServer.hostAndPort;
  process.env.METADATA_SERVER_DETECTION ??= 'none';
  const app = initializeApp({ projectId: cloud.projectId }, 'seed');
  try {
    const firestore = getFirestore(app);
    firestore.settings({ host: cloud.firestoreServer.address, ssl: false });
    const report = await seedBackend({ firestore, auth: getAuth(app) }, seed, { claimCodeSecret });
    await cloud.idle();
    await firestore.terminate();
    return report;
  } finally {
    await deleteApp(app);
  }
}
