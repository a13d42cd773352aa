import { claimDeviceContract } from '@gadget/shared';
import { defineCallable } from '../callable.ts';
import { CLAIM_CODE_SECRET } from '../config.ts';
import { claimDevice as claim } from '../services/claiming.ts';
import { toDeviceView } from '../services/device-view.ts';

export const claimDevice = defineCallable(
  claimDeviceContract,
  async ({ uid, data }) => {
    const { deviceId, device, created } = await claim({
      uid,
      serial: data.serial,
      claimCode: data.claimCode,
      name: data.name,
      secret: CLAIM_CODE_SECRET.value(),
    });
    return { deviceId, created, device: toDeviceView(deviceId, device, 'owner') };
  },
  { secrets: [CLAIM_CODE_SECRET] },
);
