import { claimDeviceContract } from '@gadget/shared';
import { defineCallable } from '../callable.ts';
import { CLAIM_CODE_SECRET, GLOBAL_GUESS_LIMIT_PER_MINUTE } from '../config.ts';
import { claimDevice as claim } from '../services/devices/claiming.ts';
import { toDeviceView } from '../services/devices/device-view.ts';

export const claimDevice = defineCallable(
  claimDeviceContract,
  async ({ uid, data }) => {
    const { deviceId, device, created } = await claim({
      uid,
      serial: data.serial,
      claimCode: data.claimCode,
      name: data.name,
      secret: CLAIM_CODE_SECRET.value(),
      globalFailuresPerMinute: GLOBAL_GUESS_LIMIT_PER_MINUTE.value(),
    });
    return { deviceId, created, device: toDeviceView(deviceId, device, 'owner', data.serial) };
  },
  { secrets: [CLAIM_CODE_SECRET] },
);
