import { unregisterPushTokenContract } from '@gadget/shared';
import { defineCallable } from '../callable.ts';
import * as logs from '../logs.ts';
import { unregisterPushToken as unregister } from '../services/notifications/tokens.ts';

export const unregisterPushToken = defineCallable(
  unregisterPushTokenContract,
  async ({ uid, data }) => {
    const removed = await unregister(uid, data.token);
    logs.pushTokenUnregistered({ uid, removed });
    return { removed };
  },
);
