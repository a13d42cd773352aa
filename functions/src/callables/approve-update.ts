import { approveUpdateContract } from '@gadget/shared';
import { defineCallable } from '../callable.ts';
import * as logs from '../logs.ts';
import { approveUpdate as approve } from '../services/firmware/approval.ts';

export const approveUpdate = defineCallable(approveUpdateContract, async ({ uid, data }) => {
  const state = await approve(uid, data.deviceId, data.rolloutId);
  logs.updateApproved({ uid, deviceId: data.deviceId, rolloutId: data.rolloutId, state });
  return { state };
});
