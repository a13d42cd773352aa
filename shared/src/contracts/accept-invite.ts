import * as z from 'zod';
import { defineContract } from '../contract.ts';
import { DeviceViewSchema } from '../schemas/device-view.ts';
import { InviteRoleSchema } from './create-invite.ts';

export const AcceptInviteRequestSchema = z.strictObject({
  /** Case, dashes, spaces and Crockford's confusable letters do not matter. */
  code: z.string().min(1).max(32),
});
export type AcceptInviteRequest = z.input<typeof AcceptInviteRequestSchema>;

export const AcceptInviteResponseSchema = z.object({
  deviceId: z.string(),
  role: InviteRoleSchema,
  device: DeviceViewSchema,
});
export type AcceptInviteResponse = z.infer<typeof AcceptInviteResponseSchema>;

export const acceptInviteContract = defineContract({
  name: 'acceptInvite',
  summary:
    'Joins a device with an invite code. Accepting one’s own accepted code again is a no-op; ' +
    'unknown, expired, used codes and codes for a device the caller already belongs to answer ' +
    'one not-found error.',
  caller: 'signed-in',
  request: AcceptInviteRequestSchema,
  response: AcceptInviteResponseSchema,
  errors: {
    'not-found':
      'An unknown, expired or used code, or one for a device the caller already belongs to: one ' +
      'answer for all.',
    'failed-precondition': 'The device already has the most members it may have (20).',
    'resource-exhausted':
      'More than 20 wrong codes by the caller in an hour, or too many across all accounts this ' +
      'minute (`GLOBAL_GUESS_LIMIT_PER_MINUTE`); `details.retryAfterSeconds` says when to retry.',
  },
});
