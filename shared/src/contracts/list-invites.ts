import * as z from 'zod';
import { defineContract } from '../contract.ts';
import { DeviceIdSchema } from '../schemas/device-requests.ts';
import { InviteRoleSchema } from './create-invite.ts';

/** An invite's id: the keyed hash its document is stored under (the code itself is never kept). */
export const InviteIdSchema = z.string().regex(/^[0-9a-f]{64}$/, 'Expected an invite id');

export const ListInvitesRequestSchema = z.strictObject({ deviceId: DeviceIdSchema });
export type ListInvitesRequest = z.input<typeof ListInvitesRequestSchema>;

export const PendingInviteSchema = z.object({
  inviteId: InviteIdSchema,
  role: InviteRoleSchema,
  createdBy: z.string(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
});
export type PendingInvite = z.infer<typeof PendingInviteSchema>;

export const ListInvitesResponseSchema = z.object({
  /** Unused and unexpired, newest first. */
  invites: z.array(PendingInviteSchema),
});
export type ListInvitesResponse = z.infer<typeof ListInvitesResponseSchema>;

export const listInvitesContract = defineContract({
  name: 'listInvites',
  summary: "The device's pending invites (unused, unexpired), so the app can show and cancel them.",
  caller: 'device-owner-or-admin',
  request: ListInvitesRequestSchema,
  response: ListInvitesResponseSchema,
});
