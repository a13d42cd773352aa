import { watchDeviceContract, WATCH } from '@gadget/shared';
import { defineCallable } from '../callable.ts';
import { watchDevice as watch } from '../services/control/watch.ts';

export const watchDevice = defineCallable(watchDeviceContract, async ({ uid, data }) => {
  const { watchUntil } = await watch(uid, data.deviceId);
  return { watchUntil: watchUntil.toISOString(), pollSeconds: WATCH.pollSeconds };
});
