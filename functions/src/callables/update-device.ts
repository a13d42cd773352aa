import { updateDeviceContract } from '@gadget/shared';
import { defineCallable } from '../callable.ts';
import * as logs from '../logs.ts';
import { updateDeviceSettings } from '../services/devices/device-settings.ts';
import { serialFor } from '../services/devices/device-identity.ts';
import { toDeviceView } from '../services/devices/device-view.ts';

export const updateDevice = defineCallable(updateDeviceContract, async ({ uid, data }) => {
  const { deviceId, ...change } = data;
  const { device, role } = await updateDeviceSettings(uid, deviceId, change);
  logs.deviceUpdated({ uid, deviceId, fields: Object.keys(change) });
  return { device: toDeviceView(deviceId, device, role, await serialFor(deviceId, role)) };
});
