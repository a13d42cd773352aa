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

/** Loads emulator-data/seed into a running local-cloud and waits for the triggers it causes. */
export async function seedLocalCloud(
  cloud: LocalCloud,
  seedDir: string,
  functionsDir: string,
): Promise<SeedReport> {
  const seed = readSeed(seedDir);
  process.env.FIREBASE_AUTH_EMULATOR_HOST = cloud.authServer.hostAndPort;
  process.env.METADATA_SERVER_DETECTION ??= 'none';
  const app = initializeApp({ projectId: cloud.projectId }, 'seed');
  try {
    const firestore = getFirestore(app);
    firestore.settings({ host: cloud.firestoreServer.address, ssl: false });
    const secret =
      readFunctionsEnv(functionsDir, cloud.projectId).CLAIM_CODE_SECRET ?? LOCAL_CLAIM_CODE_SECRET;
    const report = await seedBackend({ firestore, auth: getAuth(app) }, seed, {
      claimCodeSecret: secret,
    });
    await cloud.idle();
    await firestore.terminate();
    return report;
  } finally {
    await deleteApp(app);
  }
}
