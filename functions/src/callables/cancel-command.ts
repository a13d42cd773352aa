import { cancelCommandContract } from '@gadget/shared';
import { defineCallable } from '../callable.ts';
import * as logs from '../logs.ts';
import { cancelCommand as cancel } from '../services/control/commands.ts';

export const cancelCommand = defineCallable(cancelCommandContract, async ({ uid, data }) => {
  await cancel(uid, data.deviceId, data.commandId);
  logs.commandCancelled({ uid, deviceId: data.deviceId, commandId: data.commandId });
  return { status: 'cancelled' as const };
});
