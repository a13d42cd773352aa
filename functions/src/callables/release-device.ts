import { releaseDeviceContract } from '@gadget/shared';
import { collections } from '../admin.ts';
import { defineCallable } from '../callable.ts';
import { requireRole } from '../services/devices/device-access.ts';
import { releaseDevice as release } from '../services/devices/device-release.ts';

export const releaseDevice = defineCallable(
  releaseDeviceContract,
  async ({ uid, data }) => {
    // Checked before the release and again inside its detach transaction: a transfer committed in
    // between wins. A release is resumable, so a retry after a partial failure (the device still
    // there, its owner unchanged) finishes it.
    requireRole((await collections.devices().doc(data.deviceId).get()).data(), uid, ['owner']);
    await release(data.deviceId, 'owner-released', new Date(), uid);
    return { released: true as const };
  },
  // Deleting a long history of readings in pages takes a while.
  { timeoutSeconds: 540, memory: '512MiB', recentLogin: true },
);
