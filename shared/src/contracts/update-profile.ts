import * as z from 'zod';
import { defineContract } from '../contract.ts';
import { LIMITS } from '../limits.ts';
import { LocaleSchema, TimeZoneSchema } from '../schemas/locale.ts';
import { QuietHoursSchema, UnitsSchema, UserProfileViewSchema } from '../schemas/user-profile.ts';

/** Only these fields can be changed by the user; each is optional, at least one must be present. */
export const UpdateProfileRequestSchema = z
  .strictObject({
    displayName: z.string().trim().min(1).max(LIMITS.displayNameMaxLength).nullable().optional(),
    locale: LocaleSchema.optional(),
    timeZone: TimeZoneSchema.optional(),
    units: UnitsSchema.optional(),
    /** Only the toggles sent change; the others keep their values. */
    notificationPrefs: z
      .strictObject({
        alerts: z.boolean().optional(),
        deviceStatus: z.boolean().optional(),
        sharing: z.boolean().optional(),
        digest: z.boolean().optional(),
      })
      .optional(),
    /** `{start, end}` as HH:MM in the profile's time zone, or null to turn quiet hours off. */
    quietHours: QuietHoursSchema.optional(),
  })
  .refine((request) => Object.keys(request).length > 0, { error: 'Nothing to update' });
export type UpdateProfileRequest = z.input<typeof UpdateProfileRequestSchema>;

export const UpdateProfileResponseSchema = z.object({ profile: UserProfileViewSchema });
export type UpdateProfileResponse = z.infer<typeof UpdateProfileResponseSchema>;

export const updateProfileContract = defineContract({
  name: 'updateProfile',
  summary:
    'Changes the caller’s display name, locale, time zone, units, notification toggles or quiet hours, and returns the profile.',
  caller: 'signed-in',
  request: UpdateProfileRequestSchema,
  response: UpdateProfileResponseSchema,
  errors: { 'not-found': 'The caller has no profile yet: call `ensureProfile` first.' },
});
