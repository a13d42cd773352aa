import { rotateDeviceKeyContract } from '@gadget/shared';
import { defineCallable } from '../callable.ts';
import { GLOBAL_CALL_LIMIT_PER_MINUTE } from '../config.ts';
import * as logs from '../logs.ts';
import { rotateDeviceKey as rotate } from '../services/devices/device-keys.ts';

export const rotateDeviceKey = defineCallable(rotateDeviceKeyContract, async ({ uid, data }) => {
  const deviceKey = await rotate(uid, data.deviceId, GLOBAL_CALL_LIMIT_PER_MINUTE.value());
  logs.deviceKeyRotated({ uid, deviceId: data.deviceId });
  return { deviceKey };
});
