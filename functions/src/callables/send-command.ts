import { sendCommandContract } from '@gadget/shared';
import { defineCallable } from '../callable.ts';
import * as logs from '../logs.ts';
import { queueCommand } from '../services/control/commands.ts';

export const sendCommand = defineCallable(sendCommandContract, async ({ uid, data }) => {
  const { commandId } = await queueCommand({ uid, ...data });
  logs.commandQueued({ uid, deviceId: data.deviceId, commandId, command: data.command });
  return { commandId };
});
