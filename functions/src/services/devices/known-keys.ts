import { sameHexDigest } from '../credentials/digests.ts';
import { rememberNewest } from '../../instance-memory.ts';
import type { CheckedKey } from './device-keys.ts';

/**
 * Device keys an instance checked, by device: the gadget's next request with the same key skips the
 * key document's read. A remembered key is never trusted alone: the request reads the device in
 * its transaction anyway, and `keyHolderAllowed` refuses it there unless the device still carries
 * the key's tag (every rotation writes a new one, the rotator's removal clears it) and the rotator
 * still holds owner or admin. Only keys with a tag are remembered. Bounded, oldest forgotten first.
 */
const MAX_REMEMBERED = 10_000;
const known = new Map<string, { readonly hash: string; readonly key: CheckedKey }>();

/** The checked key `keyHash` is, if this instance checked it for the device before. */
export function knownKey(deviceId: string, keyHash: string): CheckedKey | undefined {
  const entry = known.get(deviceId);
  return entry !== undefined && sameHexDigest(entry.hash, keyHash) ? entry.key : undefined;
}

export function rememberKey(deviceId: string, keyHash: string, key: CheckedKey): void {
  if (key.tag === undefined) return;
  rememberNewest(known, deviceId, { hash: keyHash, key }, MAX_REMEMBERED);
}

/** A remembered key the device refused: the next request reads the key document again. */
export function forgetKey(deviceId: string): void {
  known.delete(deviceId);
}
