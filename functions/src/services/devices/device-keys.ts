import { createHash, randomBytes } from 'node:crypto';
import { db } from '../../admin.ts';
import { failedPrecondition } from '../../errors.ts';
import { requireRole, roleOf } from './device-access.ts';
import { readSerial } from './device-identity.ts';
import { sameHexDigest } from '../credentials/digests.ts';
import { consumeRateLimitsInTransaction, globalLimit } from '../limits/rate-limits.ts';
import type { RateLimit } from '../limits/rate-limits.ts';
import type { Device } from '@gadget/shared';
import { collections, documents } from '../../data/collections.ts';

/**
 * Keys for a gadget's direct HTTPS ingestion (`Authorization: Device <deviceId>:<deviceKey>`).
 * Only the SHA-256 of a key is stored, in the server-only `devices/{id}/private/key`; a plain hash
 * suffices because the key is 256 random bits, not something a person chose.
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
  const tag = randomBytes(9).toString('base64url');
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
    transaction.set(documents.deviceKey(deviceId), {
      hash: hashDeviceKey(key),
      rotatedBy: uid,
      rotatedAt: now,
      tag,
    });
    // The new tag tells every instance that remembers the previous key that it is gone.
    transaction.update(deviceRef, { keyTag: tag });
    // A key rotated before the key document existed lived here: it dies with this rotation.
    if (entry.deviceKeyHash !== null) {
      transaction.update(registryRef, { deviceKeyHash: null, deviceKeyRotatedBy: null });
    }
  });
  return key;
}

/**
 * A key that checked out: it works only while its rotator holds owner or admin, and, when it has a
 * tag, while the device carries that tag (no rotation since).
 */
export interface CheckedKey {
  readonly rotatedBy: string | null;
  readonly tag?: string;
}

/**
 * Whether the key whose hash is `keyHash` is the current key of `deviceId`, with one read: the key
 * document. The rotator's role and the tag are the caller's to check against the device it reads
 * anyway (`keyHolderAllowed`); removal deletes the key document in the same transaction, so a
 * removed rotator's key is gone already. A key rotated before the key document existed is found
 * in the registry entry (three reads, as before) and moved to its key document, so it costs one
 * read from its next use on.
 */
export async function checkDeviceKey(
  deviceId: string,
  keyHash: string,
): Promise<CheckedKey | null> {
  const stored = (await documents.deviceKey(deviceId).get()).data();
  if (stored !== undefined) {
    if (!sameHexDigest(stored.hash, keyHash)) return null;
    return stored.tag === undefined
      ? { rotatedBy: stored.rotatedBy }
      : { rotatedBy: stored.rotatedBy, tag: stored.tag };
  }
  return checkRegistryKey(deviceId, keyHash);
}

/**
 * Whether a checked key still works on `device` as read now: its rotator still holds a role that
 * may have one, and no rotation replaced it since it was checked.
 */
export function keyHolderAllowed(device: Device, checked: CheckedKey): boolean {
  if (checked.tag !== undefined && device.keyTag !== checked.tag) return false;
  if (checked.rotatedBy === null) return true;
  const role = roleOf(device, checked.rotatedBy);
  return role === 'owner' || role === 'admin';
}

/** A key still in the registry entry (rotated before key documents): checked, then moved. */
async function checkRegistryKey(deviceId: string, keyHash: string): Promise<CheckedKey | null> {
  const [device, serial] = await Promise.all([
    collections.devices().doc(deviceId).get(),
    readSerial(deviceId),
  ]).then(([snapshot, found]) => [snapshot.data(), found] as const);
  if (device === undefined || serial === undefined) return null;
  const entry = (await collections.deviceRegistry().doc(serial).get()).data();
  if (entry?.deviceId !== deviceId || entry.deviceKeyHash === null) return null;
  if (!sameHexDigest(entry.deviceKeyHash, keyHash)) return null;
  const rotatedBy = typeof entry.deviceKeyRotatedBy === 'string' ? entry.deviceKeyRotatedBy : null;
  const checked = { rotatedBy };
  if (!keyHolderAllowed(device, checked)) return null;
  // create(): a rotation meanwhile wrote a newer key, which must not be overwritten.
  await documents
    .deviceKey(deviceId)
    .create({
      hash: entry.deviceKeyHash,
      rotatedBy,
      rotatedAt: new Date(),
    })
    .catch(() => undefined);
  return checked;
}
