import { acceptInviteContract } from '@gadget/shared';
import { defineCallable } from '../callable.ts';
import { GLOBAL_GUESS_LIMIT_PER_MINUTE } from '../config.ts';
import { roleOf } from '../services/device-access.ts';
import { toDeviceView } from '../services/device-view.ts';
import { acceptInvite as accept } from '../services/invites.ts';

export const acceptInvite = defineCallable(acceptInviteContract, async ({ uid, data }) => {
  const { deviceId, role, device } = await accept(uid, data.code, {
    perMinute: GLOBAL_GUESS_LIMIT_PER_MINUTE.value(),
  });
  return { deviceId, role, device: toDeviceView(deviceId, device, roleOf(device, uid) ?? role) };
});
