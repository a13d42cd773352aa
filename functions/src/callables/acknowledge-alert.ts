import { acknowledgeAlertContract } from '@gadget/shared';
import { defineCallable } from '../callable.ts';
import * as logs from '../logs.ts';
import { acknowledgeAlert as acknowledge } from '../services/alerts/acknowledge.ts';

export const acknowledgeAlert = defineCallable(acknowledgeAlertContract, async ({ uid, data }) => {
  const result = await acknowledge(uid, data.deviceId, data.alertId);
  logs.alertAcknowledged({
    uid,
    deviceId: data.deviceId,
    alertId: data.alertId,
    changed: result.changed,
  });
  return result;
});
