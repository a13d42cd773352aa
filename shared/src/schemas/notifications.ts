import * as z from 'zod';

/** FCM registration tokens are about 160 characters today; this bound leaves room for growth. */
export const PUSH_TOKEN_MAX_LENGTH = 4096;

/** Tokens not refreshed by the app for this long are not sent to and are deleted nightly. */
export const PUSH_TOKEN_STALE_AFTER_MS = 60 * 24 * 60 * 60 * 1000;

/** Inbox entries are deleted by the TTL policy this long after they were written. */
export const NOTIFICATION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** At most one status notification of the same kind per device in this window. */
export const STATUS_NOTIFICATION_THROTTLE_MS = 10 * 60 * 1000;

export const PushPlatformSchema = z.enum(['ios', 'android', 'web']);
export type PushPlatform = z.infer<typeof PushPlatformSchema>;

export const PushTokenInputSchema = z.string().trim().min(1).max(PUSH_TOKEN_MAX_LENGTH);

/** `users/{uid}/pushTokens/{sha256(token)}`: one phone or browser of the user. */
export const PushTokenDocSchema = z.object({
  token: z.string(),
  /** The document id again, so a collection-group query can find a token's owner. */
  tokenHash: z.string().regex(/^[0-9a-f]{64}$/),
  platform: PushPlatformSchema,
  appVersion: z.string().nullable(),
  /** The phone's language, preferred over the profile's for what is pushed to it. */
  locale: z.string().nullable(),
  createdAt: z.date(),
  /** Refreshed by every registration; 60 days without one make the token stale. */
  updatedAt: z.date(),
});
export type PushTokenDoc = z.infer<typeof PushTokenDocSchema>;

/**
 * What a notification is about. Each maps to one notification preference (see the notification
 * service), one Android channel (`gadget-{kind}`) and one deep link.
 */
export const NotificationKindSchema = z.enum([
  'alert',
  'alert-cleared',
  'battery',
  'offline',
  'online',
  'firmware',
  'member-joined',
  'member-left',
  'reminder',
  'device-released',
  'command-failed',
]);
export type NotificationKind = z.infer<typeof NotificationKindSchema>;

/** Why an inbox entry was not pushed. */
export const PushSkipReasonSchema = z.enum([
  'prefs-off',
  'muted',
  'quiet-hours',
  'throttled',
  'no-tokens',
  /** News that belongs in the inbox alone (an update installed as expected). */
  'inbox-only',
]);
export type PushSkipReason = z.infer<typeof PushSkipReasonSchema>;

/**
 * The push side of an inbox entry. `sentTokens` holds the hashes of the tokens that got it, so a
 * redelivered event or a retry after a partial failure never pushes it to them again.
 */
export const NotificationPushSchema = z.object({
  status: z.enum(['pending', 'sent', 'skipped', 'failed']),
  skipped: PushSkipReasonSchema.nullable(),
  sentTokens: z.array(z.string()),
  failedTokens: z.array(z.string()),
  updatedAt: z.date(),
});
export type NotificationPush = z.infer<typeof NotificationPushSchema>;

/**
 * `users/{uid}/notifications/{id}`: the in-app inbox. The id is deterministic (the event it tells
 * about), so a redelivered event finds the same entry. Written whether or not a push was sent.
 */
export const InboxNotificationSchema = z.object({
  kind: NotificationKindSchema,
  title: z.string(),
  body: z.string(),
  deviceId: z.string().nullable(),
  alertId: z.string().nullable(),
  /** The app's deep link, `gadget://…`. */
  link: z.string(),
  createdAt: z.date(),
  readAt: z.date().nullable(),
  /** For the TTL policy: 30 days after it was written. */
  expireAt: z.date(),
  push: NotificationPushSchema,
});
export type InboxNotification = z.infer<typeof InboxNotificationSchema>;
