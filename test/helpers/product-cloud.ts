import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { readFunctionsEnv } from '@gadget/local-cloud';
import type { LocalCloudOptions } from '@gadget/local-cloud';
import { startTestCloud } from '@gadget/local-cloud/testing';
import type { TestCloud } from '@gadget/local-cloud/testing';
import { builtProductFunctions } from '../../scripts/start/product-functions.ts';
import { startEmulatorCloud } from './emulator-cloud.ts';
import { ON_EMULATORS } from './target.ts';

const INDEXES_FILE = fileURLToPath(new URL('../../firestore.indexes.json', import.meta.url));
/** The project's rules: what the app's own requests (the client SDKs in tests) are judged by. */
export const RULES_FILES = {
  firestore: fileURLToPath(new URL('../../firestore.rules', import.meta.url)),
  storage: fileURLToPath(new URL('../../storage.rules', import.meta.url)),
};
const FUNCTIONS_DIR = fileURLToPath(new URL('../../functions/', import.meta.url));

/**
 * The claim-code key the product tests provision and claim with: their own on local-cloud; on the
 * official emulators, the one their Functions emulator read from `functions/.secret.local`.
 */
export const TEST_CLAIM_CODE_SECRET = ON_EMULATORS
  ? (readFunctionsEnv(FUNCTIONS_DIR, process.env.GCLOUD_PROJECT ?? '').CLAIM_CODE_SECRET ?? '')
  : 'test-claim-code-secret';

/**
 * A test cloud running this project's functions, with the secrets they need set as the Firebase CLI
 * would set them from `functions/.secret.local`. Under `npm run test:emulators`, the official
 * emulators instead, whose functions take their params from the project's files (`options` do not
 * apply there).
 */
export function startProductCloud(options: LocalCloudOptions = {}): Promise<TestCloud> {
  if (ON_EMULATORS) return startEmulatorCloud();
  return startTestCloud({
    // The project's own indexes: a query that needs one it lacks fails here as in production.
    indexesFile: INDEXES_FILE,
    rules: RULES_FILES,
    ...options,
    functions: options.functions ?? builtProductFunctions(),
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

/**
 * `useCloud` for files that keep one cloud in a module constant: the returned cloud stands for the
 * one `start` gives in `beforeAll`, so it may be used in hooks and tests, not at import time.
 */
export function sharedCloud(start: () => Promise<TestCloud>): TestCloud {
  let current: TestCloud | undefined;
  useCloud(start, (started) => {
    current = started;
  });
  return new Proxy({} as TestCloud, {
    get(_target, property) {
      if (current === undefined) throw new Error('The test cloud is used before it started.');
      const value: unknown = Reflect.get(current, property, current);
      return typeof value === 'function' ? (value as () => unknown).bind(current) : value;
    },
  });
}
