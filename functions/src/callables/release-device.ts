import { releaseDeviceContract } from '@gadget/shared';
import { collections } from '../admin.ts';
import { defineCallable } from '../callable.ts';
import { requireRole } from '../services/device-access.ts';
import { releaseDevice as release } from '../services/device-release.ts';

export const releaseDevice = defineCallable(
  releaseDeviceContract,
  async ({ uid, data }) => {
    // Checked before, not inside, the release: only the owner starts one, and a release is
    // resumable by design, so a retry after a partial failure finds the owner still in place.
    requireRole((await collections.devices().doc(data.deviceId).get()).data(), uid, ['owner']);
    await release(data.deviceId, 'owner-released');
    return { released: true as const };
  },
  // Deleting a long history of readings in pages takes a while.
  { timeoutSeconds: 540, memory: '512MiB', recentLogin: true },
);
