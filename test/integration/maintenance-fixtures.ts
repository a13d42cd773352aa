// Shared by the maintenance tests: they run the maintenance service in this process against the
// test cloud (firebase-admin's first app here is the harness's).
import type { TestCloud } from '@gadget/local-cloud/testing';
import { runMaintenance } from '../../functions/src/services/maintenance/runner.ts';
import type { MaintenanceOptions } from '../../functions/src/services/maintenance/runner.ts';

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Points firebase-admin's Storage in this process at the test cloud. */
export function useCloudStorage(cloud: TestCloud): void {
  process.env.FIREBASE_STORAGE_EMULATOR_HOST = cloud.cloud.storageServer.hostAndPort;
}

/** A run with a generous deadline; the outcome, asserting that it ran. */
export async function run(options: Partial<MaintenanceOptions> & { now: Date }) {
  const result = await runMaintenance({
    deadline: new Date(Date.now() + 60_000),
    ...options,
  });
  if (!result.ran)
    throw new Error(`maintenance did not run: lease held by ${result.heldBy.holder}`);
  return result;
}

export async function jobDoc(cloud: TestCloud): Promise<Record<string, unknown> | undefined> {
  return (await cloud.firestore.doc('jobs/nightly').get()).data();
}
