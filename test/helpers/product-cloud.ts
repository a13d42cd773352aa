import { startTestCloud } from '@gadget/local-cloud';
import type { LocalCloudOptions, TestCloud } from '@gadget/local-cloud';

/** The claim-code key the product tests provision and claim with. */
export const TEST_CLAIM_CODE_SECRET = 'test-claim-code-secret';

/**
 * A test cloud running this project's functions, with the secrets they need set as the Firebase CLI
 * would set them from `functions/.secret.local`.
 */
export function startProductCloud(options: LocalCloudOptions = {}): Promise<TestCloud> {
  return startTestCloud({
    ...options,
    functionsEnv: { CLAIM_CODE_SECRET: TEST_CLAIM_CODE_SECRET, ...options.functionsEnv },
  });
}
