import { rememberNewest } from '../../instance-memory.ts';

/**
 * Device keys an instance found wrong in the last minute, by device and key hash: a gadget retrying
 * with a rotated key, or someone guessing, is refused again before any read. Keyed by the key's
 * hash, so wrong keys never shut out the right one; per instance and bounded, so it saves reads
 * without being a security boundary (another instance reads once for itself).
 */
const WRONG_KEY_MS = 60_000;
const MAX_REMEMBERED = 10_000;
const wrong = new Map<string, number>();

const entryOf = (deviceId: string, keyHash: string) => `${deviceId}:${keyHash}`;

/** `keyHash` is the presented key's `hashDeviceKey`. */
export function recentlyWrongKey(deviceId: string, keyHash: string, now: Date): boolean {
  const entry = entryOf(deviceId, keyHash);
  const until = wrong.get(entry);
  if (until === undefined) return false;
  if (until > now.getTime()) return true;
  wrong.delete(entry);
  return false;
}

export function rememberWrongKey(deviceId: string, keyHash: string, now: Date): void {
  rememberNewest(wrong, entryOf(deviceId, keyHash), now.getTime() + WRONG_KEY_MS, MAX_REMEMBERED);
}
