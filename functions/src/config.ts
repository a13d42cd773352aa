import { defineBoolean, defineInt, defineSecret, defineString } from 'firebase-functions/params';
import { setGlobalOptions } from 'firebase-functions/v2/options';

/**
 * Deployment-wide settings. Params are read with `.value()` inside handlers only: at import time
 * they are not resolved yet (and outside the Firebase CLI they have no defaults at all).
 */

/** The web app's https origin: where a web push notification opens. */
export const APP_URL = defineString('APP_URL', {
  default: 'https://app.gadget.example',
  description: 'The web app origin that web push notifications link to.',
});

/** First wait before retrying a push FCM failed transiently; doubled per try, with jitter. */
export const PUSH_RETRY_BASE_MS = defineInt('PUSH_RETRY_BASE_MS', {
  default: 500,
  description: 'Initial backoff in ms for pushes that failed with internal/server-unavailable.',
});

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

/** Readings carry `expireAt` this many days after their `ts`, for the TTL policy on readings. */
export const READING_RETENTION_DAYS = defineInt('READING_RETENTION_DAYS', {
  default: 30,
  description: 'Days a reading is kept (its expireAt, for the Firestore TTL policy).',
});

/**
 * An alert is `critical` rather than `warning` when its value passes the threshold by more than
 * this share of the metric's range (e.g. 10 % of temperature's 165 °C is 16.5 °C).
 */
export const CRITICAL_MARGIN_PERCENT = defineInt('CRITICAL_MARGIN_PERCENT', {
  default: 10,
  description: "Percent of a metric's range past its threshold at which an alert is critical.",
});

/** Requests a gadget may make to `ingest` per minute. */
export const INGEST_RATE_LIMIT_PER_MINUTE = defineInt('INGEST_RATE_LIMIT_PER_MINUTE', {
  default: 30,
  description: 'Requests per device per minute the ingest endpoint accepts.',
});

/**
 * How stale a model's rollout may be in an instance's cache: ingest reads `models/{model}` at most
 * once per this many seconds per instance, so a model without a rollout costs a request nothing.
 */
export const MODEL_CACHE_SECONDS = defineInt('MODEL_CACHE_SECONDS', {
  default: 60,
  description: 'Seconds an instance keeps a model’s rollout before reading it again.',
});

/**
 * The firmware download endpoint's URL, for deployments that reach functions through another host
 * (a Hosting rewrite, a custom domain). Empty: the function's own URL.
 */
export const FIRMWARE_DOWNLOAD_URL = defineString('FIRMWARE_DOWNLOAD_URL', {
  default: '',
  description: 'URL of firmwareDownload as gadgets reach it; empty for the function’s own URL.',
});

/** Batches the app may submit per device per minute (`submitReadings`), as `ingest`'s limit. */
export const SUBMIT_RATE_LIMIT_PER_MINUTE = defineInt('SUBMIT_RATE_LIMIT_PER_MINUTE', {
  default: 30,
  description: 'submitReadings calls per device per minute.',
});

/**
 * Backstops across all accounts, for when many accounts attack at once: wrong claim and invite
 * codes per minute (each callable its own budget), and calls per minute of the callables that mint
 * something (createInvite, rotateDeviceKey, sendTestNotification).
 */
export const GLOBAL_GUESS_LIMIT_PER_MINUTE = defineInt('GLOBAL_GUESS_LIMIT_PER_MINUTE', {
  default: 600,
  description: 'Wrong claim codes, and wrong invite codes, per minute across all accounts.',
});
export const GLOBAL_CALL_LIMIT_PER_MINUTE = defineInt('GLOBAL_CALL_LIMIT_PER_MINUTE', {
  default: 1200,
  description: 'createInvite, rotateDeviceKey and sendTestNotification calls per minute, each.',
});

/**
 * The alert push throttle, per device and alert rule: within this many minutes of an alert's
 * opening push, reopens go to the inbox only and the back-to-normal push waits for the window's end.
 */
export const ALERT_PUSH_WINDOW_MINUTES = defineInt('ALERT_PUSH_WINDOW_MINUTES', {
  default: 15,
  description: 'Minutes per device and alert rule in which a flapping alert pushes once.',
});

/** Images (avatars and device photos) one account may upload per day; the pipeline counts them. */
export const UPLOAD_DAILY_QUOTA = defineInt('UPLOAD_DAILY_QUOTA', {
  default: 50,
  description: 'Avatar and device photo uploads processed per user per day.',
});

/** WebP quality of the image variants (libwebp's 0–100; 80 is sharp's and the resize extension's default). */
export const IMAGE_WEBP_QUALITY = defineInt('IMAGE_WEBP_QUALITY', {
  default: 80,
  description: 'WebP quality (0-100) of the avatar and device photo variants.',
});

/**
 * The image trigger's instance, from `npm run bench:images` on 2 cores: a 12 MP JPEG takes about
 * 0.8 s; a 50 MP JPEG peaks at about 190 MB RSS (decoded shrunk on load); the worst case, a 50 MP
 * PNG (decoded in full), about 370 MB and 3.5 s. Hence 1 GiB (2.7× the worst peak) and 120 s.
 * libvips gets one thread per vCPU, and an instance takes one event at a time, so its peak memory
 * is one image's.
 */
export const IMAGE_FUNCTION = {
  cpu: 2,
  memory: '1GiB',
  timeoutSeconds: 120,
  concurrency: 1,
  maxInstances: 10,
} as const;

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

/**
 * The service account whose OIDC token Cloud Scheduler sends to `runSchedule`; it needs the
 * Cloud Run invoker role on that function. Empty means `scheduler-invoker@{project}.iam...`.
 */
export const SCHEDULER_SERVICE_ACCOUNT = defineString('SCHEDULER_SERVICE_ACCOUNT', {
  default: '',
  description: 'Service account Cloud Scheduler signs runSchedule requests as (OIDC).',
});

/** Whether Firestore is an emulator (local-cloud's or the Firebase CLI's), as firebase-admin sees it. */
export function firestoreEmulated(): boolean {
  return process.env.FIRESTORE_EMULATOR_HOST !== undefined;
}

/** The project the functions run in, as the runtime (or local-cloud) announces it. */
export function projectId(): string {
  return process.env.GCLOUD_PROJECT ?? process.env.GOOGLE_CLOUD_PROJECT ?? 'demo-gadget';
}

/**
 * Set by local-cloud: `host:port` of its Cloud Scheduler service, which the real client is pointed
 * at (plaintext). Never set in production.
 */
export function localSchedulerEndpoint(): string | undefined {
  return process.env.LOCAL_CLOUD_SCHEDULER_ENDPOINT;
}

/**
 * Whether `runSchedule` demands a verified Google OIDC token: always, unless the function runs
 * under an emulator (local-cloud's or the Firebase CLI's) and RUN_SCHEDULE_REQUIRE_OIDC is not
 * true. FUNCTIONS_EMULATOR alone could come from a deployed `.env`; the emulators also set
 * FIREBASE_DEBUG_FEATURES, which `firebase deploy` refuses to take from one (FIREBASE_ is a reserved
 * prefix), so a deployed function can never turn the check off.
 */
export function runScheduleRequiresOidc(env: NodeJS.ProcessEnv = process.env): boolean {
  return !underEmulator(env) || env.RUN_SCHEDULE_REQUIRE_OIDC === 'true';
}

/** Whether the functions run under an emulator (never true of a deployed function; see above). */
export function underEmulator(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.FUNCTIONS_EMULATOR !== 'true' || env.FIREBASE_DEBUG_MODE !== 'true') return false;
  try {
    const features = JSON.parse(env.FIREBASE_DEBUG_FEATURES ?? '') as unknown;
    return (
      typeof features === 'object' &&
      features !== null &&
      (features as { skipTokenVerification?: unknown }).skipTokenVerification === true
    );
  } catch {
    return false;
  }
}
