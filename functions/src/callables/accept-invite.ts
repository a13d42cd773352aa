import { acceptInviteContract } from '@gadget/shared';
import { defineCallable } from '../callable.ts';
import { CLAIM_CODE_SECRET, GLOBAL_GUESS_LIMIT_PER_MINUTE } from '../config.ts';
import { roleOf } from '../services/devices/device-access.ts';
import { serialFor } from '../services/devices/device-identity.ts';
import { toDeviceView } from '../services/devices/device-view.ts';
import { acceptInvite as accept } from '../services/sharing/invites.ts';

export const acceptInvite = defineCallable(
  acceptInviteContract,
  async ({ uid, data }) => {
    const { deviceId, role, device } = await accept(uid, data.code, {
      perMinute: GLOBAL_GUESS_LIMIT_PER_MINUTE.value(),
      secret: CLAIM_CODE_SECRET.value(),
    });
    const current = roleOf(device, uid) ?? role;
    const serial = await serialFor(deviceId, current);
    return { deviceId, role, device: toDeviceView(deviceId, device, current, serial) };
  },
  { secrets: [CLAIM_CODE_SECRET] },
);
