import { compareVersions } from '@gadget/shared';

/** The firmware a reference gadget runs unless told otherwise: it knows every setting and command. */
export const DEFAULT_FIRMWARE = '1.2.0';

/**
 * Whether `firmware` has what a setting or command needs (the model's `minFirmware`).
 *
 * The seam for firmware updates: the gadget reads its version through one field on every call, so
 * an update (a later issue) installs, restarts and changes that field; nothing else changes here.
 */
export function firmwareSupports(firmware: string, minFirmware: string): boolean {
  return compareVersions(firmware, minFirmware) >= 0;
}
