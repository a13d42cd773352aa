import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { collections, db } from '../../admin.ts';
import { failedPrecondition } from '../../errors.ts';
import { requireRole, roleOf } from './device-access.ts';
import { readSerial } from './device-identity.ts';
import { consumeRateLimitsInTransaction, globalLimit } from '../platform/rate-limits.ts';
import type { RateLimit } from '../platform/rate-limits.ts';

/**
 * Keys for a gadget's direct HTTPS ingestion (`Authorization: Device <deviceId>:<deviceKey>`).
 * Only the SHA-256 of a key is stored, on the server-only registry entry; a plain hash suffices
 * because the key is 256 random bits, not something a person chose.
 */

export function hashDeviceKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Rotations per device per hour: each invalidates the gadget's key until it is reconfigured. */
export function keyRotationLimit(deviceId: string): RateLimit {
  return { key: `key-rotation:${deviceId}`, limit: 10, windowMs: 60 * 60 * 1000 };
}

/**
 * `rotateDeviceKey`: a new key, returned once. Replacing the stored hash makes the previous key
 * fail on its next use.
 */
export async function rotateDeviceKey(
  uid: string,
  deviceId: string,
  globalPerMinute: number,
  now: Date = new Date(),
): Promise<string> {
  const deviceRef = collections.devices().doc(deviceId);
  const key = randomBytes(32).toString('base64url');
  const message = 'Too many key rotations. Try again later.';
  await db().runTransaction(async (transaction) => {
    requireRole((await transaction.get(deviceRef)).data(), uid, ['owner', 'admin']);
    const serial = await readSerial(deviceId, transaction);
    const registryRef = serial === undefined ? undefined : collections.deviceRegistry().doc(serial);
    const entry = registryRef && (await transaction.get(registryRef)).data();
    if (registryRef === undefined || entry?.deviceId !== deviceId) {
      throw failedPrecondition('This device is not registered to you any more.');
    }
    await consumeRateLimitsInTransaction(
      transaction,
      [keyRotationLimit(deviceId), globalLimit('rotateDeviceKey', uid, globalPerMinute)],
      now,
      message,
    );
    transaction.update(registryRef, {
      deviceKeyHash: hashDeviceKey(key),
      deviceKeyRotatedBy: uid,
    });
  });
  return key;
}

/**
 * Whether `key` is the current key of `deviceId` (for the ingestion endpoint). A key dies with its
 * rotator's role: removal clears it, and this check also refuses it once the rotator holds neither
 * owner nor admin (demoted, or removed by a path that could not clear it).
 */
export async function verifyDeviceKey(deviceId: string, key: string): Promise<boolean> {
  const [device, serial] = await Promise.all([
    collections.devices().doc(deviceId).get(),
    readSerial(deviceId),
  ]).then(([snapshot, found]) => [snapshot.data(), found] as const);
  if (device === undefined || serial === undefined) return false;
  const entry = (await collections.deviceRegistry().doc(serial).get()).data();
  if (entry?.deviceId !== deviceId || entry.deviceKeyHash === null) return false;
  const rotatedBy = entry.deviceKeyRotatedBy;
  if (typeof rotatedBy === 'string') {
    const role = roleOf(device, rotatedBy);
    if (role !== 'owner' && role !== 'admin') return false;
  }
  const stored = Buffer.from(entry.deviceKeyHash, 'hex');
  const given = Buffer.from(hashDeviceKey(key), 'hex');
  return stored.length === given.length && timingSafeEqual(stored, given);
}
