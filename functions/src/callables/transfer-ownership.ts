import { transferOwnershipContract } from '@gadget/shared';
import { defineCallable } from '../callable.ts';
import * as logs from '../logs.ts';
import { transferOwnershipAsCaller } from '../services/sharing/membership.ts';

export const transferOwnership = defineCallable(
  transferOwnershipContract,
  async ({ uid, data }) => {
    await transferOwnershipAsCaller(uid, data.deviceId, data.uid);
    logs.ownershipTransferred({ deviceId: data.deviceId, fromUid: uid, toUid: data.uid });
    return { ownerUid: data.uid };
  },
  { recentLogin: true },
);
