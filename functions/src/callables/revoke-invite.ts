import { revokeInviteContract } from '@gadget/shared';
import { defineCallable } from '../callable.ts';
import * as logs from '../logs.ts';
import { revokeInvite as revoke } from '../services/sharing/invite-admin.ts';

export const revokeInvite = defineCallable(revokeInviteContract, async ({ uid, data }) => {
  const result = await revoke(uid, data.deviceId, data.inviteId);
  if (result.revoked) logs.inviteRevoked({ uid, deviceId: data.deviceId });
  return result;
});
