import { setDeviceSettingsContract } from '@gadget/shared';
import { defineCallable } from '../callable.ts';
import * as logs from '../logs.ts';
import { setDesiredSettings } from '../services/control/desired-settings.ts';

export const setDeviceSettings = defineCallable(
  setDeviceSettingsContract,
  async ({ uid, data }) => {
    const outcome = await setDesiredSettings({
      uid,
      deviceId: data.deviceId,
      values: data.values,
      expectedVersion: data.expectedVersion,
    });
    logs.deviceSettingsSet({
      uid,
      deviceId: data.deviceId,
      version: outcome.version,
      changed: outcome.changed,
    });
    return { version: outcome.version, values: outcome.values, pendingKeys: outcome.pendingKeys };
  },
);
