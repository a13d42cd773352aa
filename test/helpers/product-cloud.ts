import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startTestCloud } from '@gadget/local-cloud';
import type { LocalCloudOptions, TestCloud } from '@gadget/local-cloud';

const INDEXES_FILE = fileURLToPath(new URL('../../firestore.indexes.json', import.meta.url));

/** The claim-code key the product tests provision and claim with. */
export const TEST_CLAIM_CODE_SECRET = 'test-claim-code-secret';

/**
 * A test cloud running this project's functions, with the secrets they need set as the Firebase CLI
 * would set them from `functions/.secret.local`.
 */
export function startProductCloud(options: LocalCloudOptions = {}): Promise<TestCloud> {
  return startTestCloud({
    // The project's own indexes: a query that needs one it lacks fails here as in production.
    indexesFile: INDEXES_FILE,
    ...options,
    functionsEnv: { CLAIM_CODE_SECRET: TEST_CLAIM_CODE_SECRET, ...options.functionsEnv },
  });
}

/**
 * The hooks every integration test file shares: one cloud for the file, reset before each test.
 * `onStart` receives the cloud once it runs.
 */
export function useCloud(
  start: () => Promise<TestCloud>,
  onStart: (cloud: TestCloud) => void,
): void {
  let cloud: TestCloud | undefined;
  beforeAll(async () => {
    cloud = await start();
    onStart(cloud);
  });
  afterAll(async () => {
    await cloud?.stop();
  });
  beforeEach(async () => {
    await cloud?.reset();
  });
}
