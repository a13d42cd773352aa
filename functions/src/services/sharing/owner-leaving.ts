import type { Device } from '@gadget/shared';
import { releaseDevice } from '../devices/device-release.ts';
import { removeMembership, transferOwnership } from './membership.ts';
import { successionOf } from './succession.ts';

/**
 * The owner `ownerUid` leaves `device` for good: it goes to its longest-standing admin, or is
 * released when there is none. The former owner stays on as an admin after the transfer, so is
 * removed afterwards. Every step is idempotent: a run that fails part-way is run again.
 */
export async function handOverOrRelease(
  deviceId: string,
  device: Device,
  ownerUid: string,
): Promise<void> {
  const succession = successionOf(device);
  if (succession.kind === 'release') {
    await releaseDevice(deviceId, 'owner-deleted');
    return;
  }
  await transferOwnership(deviceId, ownerUid, succession.heir);
  await removeMembership(deviceId, ownerUid);
}
