import { removeMemberContract } from '@gadget/shared';
import { defineCallable } from '../callable.ts';
import * as logs from '../logs.ts';
import { removeMemberAsCaller } from '../services/sharing/membership.ts';

export const removeMember = defineCallable(removeMemberContract, async ({ uid, data }) => {
  const result = await removeMemberAsCaller(uid, data.deviceId, data.uid);
  if (result.removed) {
    logs.memberRemoved({
      uid,
      deviceId: data.deviceId,
      removedUid: data.uid,
      by: 'owner-or-admin',
    });
  }
  return result;
});
