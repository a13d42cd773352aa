import { defineBoolean, defineSecret } from 'firebase-functions/params';
import { setGlobalOptions } from 'firebase-functions/v2/options';

/**
 * Deployment-wide settings. Params are read with `.value()` inside handlers only: at import time
 * they are not resolved yet (and outside the Firebase CLI they have no defaults at all).
 */

/**
 * us-central1 is the region the client SDKs assume when `getFunctions(app)` is called without one,
 * so apps need no region setting. A constant, not a param: a callable's URL contains its region.
 */
export const REGION = 'us-central1';

/**
 * Reject callable requests without a valid App Check token. On by default; set it to false in
 * `functions/.env.<project>` for a project whose apps do not ship App Check yet, and locally.
 */
export const APP_CHECK_ENFORCED = defineBoolean('APP_CHECK_ENFORCED', {
  default: true,
  description: 'Reject callable requests that carry no valid App Check token.',
});

/**
 * The key of the HMAC that claim codes are stored as (`deviceRegistry/{serial}.claimSecretHash`).
 * Provisioning and claiming must use the same value; locally it comes from `functions/.secret.local`
 * or local-cloud's demo key.
 */
export const CLAIM_CODE_SECRET = defineSecret('CLAIM_CODE_SECRET');

/** A ceiling per function against runaway traffic and bills; functions may set a lower one. */
export const DEFAULT_MAX_INSTANCES = 10;

setGlobalOptions({
  region: REGION,
  maxInstances: DEFAULT_MAX_INSTANCES,
  memory: '256MiB',
  timeoutSeconds: 60,
});

/**
 * Set by local-cloud when it runs these functions: where push messages go instead of FCM, which has
 * no emulator. Never set in production. Read here because this file is the only one that reads the
 * environment.
 */
export function localPushOutboxUrl(): string | undefined {
  return process.env.LOCAL_CLOUD_OUTBOX_URL;
}
