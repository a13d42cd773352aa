import * as z from 'zod';
import { defineContract } from '../contract.ts';
import { DeviceIdSchema, UidSchema } from '../schemas/device-requests.ts';

export const RemoveMemberRequestSchema = z.strictObject({
  deviceId: DeviceIdSchema,
  uid: UidSchema,
});
export type RemoveMemberRequest = z.input<typeof RemoveMemberRequestSchema>;

export const RemoveMemberResponseSchema = z.object({
  /** False when `uid` was not a member (nothing changed). */
  removed: z.boolean(),
});
export type RemoveMemberResponse = z.infer<typeof RemoveMemberResponseSchema>;

export const removeMemberContract = defineContract({
  name: 'removeMember',
  summary: 'Removes a member: the owner removes anyone else; an admin removes viewers only.',
  caller: 'device-owner-or-admin',
  request: RemoveMemberRequestSchema,
  response: RemoveMemberResponseSchema,
  errors: {
    'permission-denied': 'An admin tried to remove an admin: admins remove viewers only.',
    'failed-precondition':
      'The member to remove is the owner: the owner transfers ownership or releases the device.',
  },
});
