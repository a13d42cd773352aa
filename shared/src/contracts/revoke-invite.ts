import * as z from 'zod';
import { defineContract } from '../contract.ts';
import { DeviceIdSchema } from '../schemas/device-requests.ts';
import { InviteIdSchema } from './list-invites.ts';

export const RevokeInviteRequestSchema = z.strictObject({
  deviceId: DeviceIdSchema,
  inviteId: InviteIdSchema,
});
export type RevokeInviteRequest = z.input<typeof RevokeInviteRequestSchema>;

export const RevokeInviteResponseSchema = z.object({
  /** False when no pending invite of this device has this id (nothing changed). */
  revoked: z.boolean(),
});
export type RevokeInviteResponse = z.infer<typeof RevokeInviteResponseSchema>;

export const revokeInviteContract = defineContract({
  name: 'revokeInvite',
  summary:
    'Deletes a pending invite so its code stops working. Owners revoke any invite; admins ' +
    'revoke viewer invites only.',
  caller: 'device-owner-or-admin',
  request: RevokeInviteRequestSchema,
  response: RevokeInviteResponseSchema,
  errors: {
    'permission-denied':
      'An admin tried to revoke an admin invite: admins revoke viewer invites only.',
  },
});
