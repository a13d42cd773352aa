import { rememberNewest } from '../../instance-memory.ts';
import { WindowFullError } from './request-window.ts';

/**
 * Devices an instance refused for their per-device limit, until their window ends: the gadget's
 * further requests in that window are refused again before any read (a refusal in the transaction
 * has read the device and the hours). Only a request whose key checked out gets here, so no one
 * can shut a device out by guessing. Per instance and bounded: another instance counts on the
 * device as before, so this saves reads without being the limit itself.
 */
const MAX_REMEMBERED = 10_000;
const full = new Map<string, WindowFullError>();

/** The refusal still standing for the device's window, if this instance made one. */
export function standingRefusal(deviceId: string, now: Date): WindowFullError | undefined {
  const refusal = full.get(deviceId);
  if (refusal === undefined) return undefined;
  if (refusal.until.getTime() > now.getTime()) {
    return new WindowFullError(refusal.message, refusal.until, now);
  }
  full.delete(deviceId);
  return undefined;
}

/** Remembers `error` when it is a full window; anything else is left alone. */
export function rememberRefusal(deviceId: string, error: unknown): void {
  if (!(error instanceof WindowFullError)) return;
  rememberNewest(full, deviceId, error, MAX_REMEMBERED);
}
