import * as z from 'zod';
import { defineContract } from '../contract.ts';
import { DeviceIdSchema } from '../schemas/device-requests.ts';

export const InviteRoleSchema = z.enum(['admin', 'viewer']);

export const CreateInviteRequestSchema = z.strictObject({
  deviceId: DeviceIdSchema,
  role: InviteRoleSchema,
});
export type CreateInviteRequest = z.input<typeof CreateInviteRequestSchema>;

export const CreateInviteResponseSchema = z.object({
  /**
   * 12 characters of Crockford's base 32 (60 bits), grouped `ABCD-EFGH-JKMN`; single use. Stored
   * only as an HMAC keyed with a server secret.
   */
  code: z.string(),
  expiresAt: z.iso.datetime(),
});
export type CreateInviteResponse = z.infer<typeof CreateInviteResponseSchema>;

export const createInviteContract = defineContract({
  name: 'createInvite',
  summary:
    'Creates a single-use invite code valid for 72 hours. Owners invite admins or viewers; ' +
    'admins invite viewers only.',
  caller: 'device-owner-or-admin',
  request: CreateInviteRequestSchema,
  response: CreateInviteResponseSchema,
  errors: {
    'permission-denied': 'An admin asked for an admin invite: admins invite viewers only.',
    'resource-exhausted':
      'More than 30 invites by the caller in an hour, or the backstop across all accounts ' +
      '(`GLOBAL_CALL_LIMIT_PER_MINUTE`) is reached; `details.retryAfterSeconds` says when to retry.',
  },
});
