import { acceptInviteContract } from '@gadget/shared';
import { defineCallable } from '../callable.ts';
import { roleOf } from '../services/device-access.ts';
import { toDeviceView } from '../services/device-view.ts';
import { acceptInvite as accept } from '../services/invites.ts';

export const acceptInvite = defineCallable(acceptInviteContract, async ({ uid, data }) => {
  const { deviceId, role, device } = await accept(uid, data.code);
  return { deviceId, role, device: toDeviceView(deviceId, device, roleOf(device, uid) ?? role) };
});
