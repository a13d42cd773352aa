import { listInvitesContract } from '@gadget/shared';
import { defineCallable } from '../callable.ts';
import { listPendingInvites } from '../services/sharing/invite-admin.ts';

export const listInvites = defineCallable(listInvitesContract, async ({ uid, data }) => ({
  invites: await listPendingInvites(uid, data.deviceId),
}));
