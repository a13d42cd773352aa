import * as z from 'zod';
import { LIMITS } from '../limits.ts';
import { LocaleSchema, TimeZoneSchema } from './locale.ts';
import { ImageManifestSchema } from './images.ts';

export const UnitsSchema = z.enum(['metric', 'imperial']);
export type Units = z.infer<typeof UnitsSchema>;

export const NotificationPrefsSchema = z.object({
  alerts: z.boolean(),
  deviceStatus: z.boolean(),
  sharing: z.boolean(),
  digest: z.boolean(),
});
export type NotificationPrefs = z.infer<typeof NotificationPrefsSchema>;

const ClockTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Expected HH:MM (24 h)');

/** Quiet hours in the user's time zone; `start` after `end` spans midnight. `null` means off. */
export const QuietHoursSchema = z
  .object({ start: ClockTimeSchema, end: ClockTimeSchema })
  .nullable();
export type QuietHours = z.infer<typeof QuietHoursSchema>;

/** `users/{uid}` as stored in Firestore (timestamps as Dates after conversion). */
export const UserProfileSchema = z.object({
  displayName: z.string().max(LIMITS.displayNameMaxLength).nullable(),
  email: z.string().nullable(),
  locale: LocaleSchema,
  timeZone: TimeZoneSchema,
  units: UnitsSchema,
  notificationPrefs: NotificationPrefsSchema,
  quietHours: QuietHoursSchema,
  /**
   * True until the app has sent both locale and time zone through `ensureProfile` (the sign-up
   * trigger knows neither): until then `ensureProfile` fills in what the phone sends. Once false,
   * only the user changes them.
   */
  awaitingAppSettings: z.boolean(),
  createdAt: z.date(),
  /** The image pipeline's record of the latest avatar upload; absent until the first one. */
  avatar: ImageManifestSchema.optional(),
});
export type UserProfile = z.infer<typeof UserProfileSchema>;

export const DEFAULT_PROFILE_SETTINGS = {
  locale: 'en',
  timeZone: 'UTC',
  units: 'metric',
  notificationPrefs: { alerts: true, deviceStatus: true, sharing: true, digest: true },
  quietHours: null,
} as const satisfies Pick<
  UserProfile,
  'locale' | 'timeZone' | 'units' | 'notificationPrefs' | 'quietHours'
>;

/** The profile as the app receives it from callables: timestamps as ISO 8601 strings. */
export const UserProfileViewSchema = UserProfileSchema.omit({
  awaitingAppSettings: true,
  avatar: true,
}).extend({
  uid: z.string(),
  createdAt: z.iso.datetime(),
});
export type UserProfileView = z.infer<typeof UserProfileViewSchema>;
