import * as z from 'zod';
import { defineContract } from '../contract.ts';
import { LocaleSchema } from '../schemas/locale.ts';
import { PushPlatformSchema, PushTokenInputSchema } from '../schemas/notifications.ts';

export const RegisterPushTokenRequestSchema = z.strictObject({
  token: PushTokenInputSchema,
  platform: PushPlatformSchema,
  appVersion: z.string().trim().min(1).max(32).optional(),
  /** The phone's language; what is pushed to this token is written in it when we have it. */
  locale: LocaleSchema.optional(),
});
export type RegisterPushTokenRequest = z.input<typeof RegisterPushTokenRequestSchema>;

export const RegisterPushTokenResponseSchema = z.object({
  /** True when the token was registered by another account before (the phone changed hands). */
  moved: z.boolean(),
  /** The caller's oldest tokens removed to stay within the limit per user. */
  evicted: z.number().int().nonnegative(),
});
export type RegisterPushTokenResponse = z.infer<typeof RegisterPushTokenResponseSchema>;

export const registerPushTokenContract = defineContract({
  name: 'registerPushToken',
  summary:
    'Registers (or refreshes) the caller’s FCM token for push notifications. A token registered ' +
    'by another account moves to the caller; beyond 20 tokens the oldest is removed. Apps call it ' +
    'at every start: a token not refreshed for 60 days is no longer sent to.',
  caller: 'signed-in',
  request: RegisterPushTokenRequestSchema,
  response: RegisterPushTokenResponseSchema,
});
