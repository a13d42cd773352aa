import * as z from 'zod';
import { defineContract } from '../contract.ts';
import { LocaleSchema, TimeZoneSchema } from '../schemas/locale.ts';
import { UserProfileViewSchema } from '../schemas/user-profile.ts';

/** Sent right after sign-in: the app's locale and time zone seed a profile that does not exist yet. */
export const EnsureProfileRequestSchema = z.strictObject({
  locale: LocaleSchema.optional(),
  timeZone: TimeZoneSchema.optional(),
});
export type EnsureProfileRequest = z.input<typeof EnsureProfileRequestSchema>;

export const EnsureProfileResponseSchema = z.object({
  profile: UserProfileViewSchema,
  created: z.boolean(),
});
export type EnsureProfileResponse = z.infer<typeof EnsureProfileResponseSchema>;

export const ensureProfileContract = defineContract({
  name: 'ensureProfile',
  summary:
    'Creates the caller’s profile if the sign-up trigger has not yet, and returns it. Idempotent.',
  caller: 'signed-in',
  request: EnsureProfileRequestSchema,
  response: EnsureProfileResponseSchema,
});
