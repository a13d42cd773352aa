import * as z from 'zod';

/**
 * `rateLimits/{encodeURIComponent(key)}`: a fixed-window counter (`claim-failures:{uid}`,
 * `data-export:{uid}`, `uploads:{uid}`, `global:{callable}:{shard}` …). `expireAt` is the
 * window's end, for the TTL policy on `rateLimits`.
 */
export const RateLimitCounterSchema = z.object({
  count: z.number().int().nonnegative(),
  windowStart: z.date(),
  expireAt: z.date(),
});
export type RateLimitCounter = z.infer<typeof RateLimitCounterSchema>;

/**
 * `rateLimits/{encodeURIComponent('serial-lock:{serial}:{uid}')}`: one account's wrong claim codes
 * in a row for one serial; kept a day after the last one.
 */
export const SerialLockSchema = z.object({
  failedAttempts: z.number().int().nonnegative(),
  lockedUntil: z.date().nullable(),
  expireAt: z.date(),
});
export type SerialLock = z.infer<typeof SerialLockSchema>;

/**
 * `rateLimits/push-{family}-{deviceId}`: the status push throttle's window for one device and
 * family of kinds (`connectivity`, `battery`, `firmware`). `holder` is the notification that
 * opened it, which a redelivery of it is never held back by.
 */
export const PushThrottleWindowSchema = z.object({
  holder: z.string(),
  windowStart: z.date(),
  expireAt: z.date(),
});
export type PushThrottleWindow = z.infer<typeof PushThrottleWindowSchema>;

/**
 * `rateLimits/push-alert-{deviceId}-{rule}`: the alert push throttle's memory for one device and
 * alert rule: the window opened by the last opening push.
 */
export const AlertPushWindowSchema = z.object({
  deviceId: z.string(),
  rule: z.string(),
  windowStart: z.date(),
  /** The notification that opened the window and was pushed; null while no opening was seen. */
  holder: z.string().nullable(),
  /** A critical push went out in this window. */
  critical: z.boolean(),
  /** The alerts of the rule seen in the window: where the deferred clear looks for the truth. */
  alertIds: z.array(z.string()),
  /** When the deferred back-to-normal push is due (the window's end); null when none waits. */
  flushAt: z.date().nullable(),
  /** The deferred back-to-normal push went out: the last thing members heard is "normal". */
  clearPushed: z.boolean(),
  /** For the TTL policy on `rateLimits`. */
  expireAt: z.date(),
});
export type AlertPushWindow = z.infer<typeof AlertPushWindowSchema>;
