import { leaveDeviceContract } from '@gadget/shared';
import { defineCallable } from '../callable.ts';
import * as logs from '../logs.ts';
import { leaveDeviceAsCaller } from '../services/sharing/membership.ts';

export const leaveDevice = defineCallable(leaveDeviceContract, async ({ uid, data }) => {
  await leaveDeviceAsCaller(uid, data.deviceId);
  logs.memberRemoved({ uid, deviceId: data.deviceId, removedUid: uid, by: 'self' });
  return { left: true as const };
});
