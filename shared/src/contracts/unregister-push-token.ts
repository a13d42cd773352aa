import * as z from 'zod';
import { defineContract } from '../contract.ts';
import { PushTokenInputSchema } from '../schemas/notifications.ts';

export const UnregisterPushTokenRequestSchema = z.strictObject({ token: PushTokenInputSchema });
export type UnregisterPushTokenRequest = z.input<typeof UnregisterPushTokenRequestSchema>;

export const UnregisterPushTokenResponseSchema = z.object({
  /** False when the caller had no such token (already removed): the call is idempotent. */
  removed: z.boolean(),
});
export type UnregisterPushTokenResponse = z.infer<typeof UnregisterPushTokenResponseSchema>;

export const unregisterPushTokenContract = defineContract({
  name: 'unregisterPushToken',
  summary:
    'Removes one of the caller’s push tokens (at sign-out). Idempotent; another account’s token ' +
    'is never touched.',
  caller: 'signed-in',
  request: UnregisterPushTokenRequestSchema,
  response: UnregisterPushTokenResponseSchema,
});
