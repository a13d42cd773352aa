import { registerPushTokenContract } from '@gadget/shared';
import { defineCallable } from '../callable.ts';
import * as logs from '../logs.ts';
import { registerPushToken as register } from '../services/notifications/tokens.ts';

export const registerPushToken = defineCallable(
  registerPushTokenContract,
  async ({ uid, data }) => {
    const result = await register(uid, data);
    logs.pushTokenRegistered({ uid, platform: data.platform, ...result });
    return result;
  },
);
