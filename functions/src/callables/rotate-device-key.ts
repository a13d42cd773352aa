import { rotateDeviceKeyContract } from '@gadget/shared';
import { defineCallable } from '../callable.ts';
import * as logs from '../logs.ts';
import { rotateDeviceKey as rotate } from '../services/device-keys.ts';

export const rotateDeviceKey = defineCallable(rotateDeviceKeyContract, async ({ uid, data }) => {
  const deviceKey = await rotate(uid, data.deviceId);
  logs.deviceKeyRotated({ uid, deviceId: data.deviceId });
  return { deviceKey };
});
