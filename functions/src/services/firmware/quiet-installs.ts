import type { Transaction } from 'firebase-admin/firestore';
import type { Device } from '@gadget/shared';
import { collections } from '../../data/collections.ts';
import { isQuietTime } from '../notifications/recipients.ts';

/**
 * Automatic installs wait for the owner's quiet hours to end: a gadget rebooting into new firmware
 * at night is exactly what they asked not to be bothered with. One read of the owner's profile,
 * made only at a first offer (Wi-Fi or BLE).
 */
export async function ownerInQuietHours(
  transaction: Transaction,
  device: Device,
  now: Date,
): Promise<boolean> {
  const owner = (await transaction.get(collections.users().doc(device.ownerUid))).data();
  return owner !== undefined && isQuietTime(owner.quietHours, owner.timeZone, now);
}
