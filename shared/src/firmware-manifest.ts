/**
 * The bytes a firmware release's Ed25519 signature covers. The release script signs them with the
 * operator's key; a gadget rebuilds them from the offer and verifies with the public key built into
 * its firmware. A fixed prefix and a fixed field order make the bytes one and the same on both
 * sides without a canonical-JSON library.
 */
export interface FirmwareManifest {
  readonly model: string;
  readonly version: string;
  readonly size: number;
  readonly sha256: string;
  readonly minFromVersion: string;
  readonly antiRollback: number;
  /** The version a delta image applies on; null for a whole image. */
  readonly deltaFrom: string | null;
}

export const FIRMWARE_MANIFEST_PREFIX = 'gadget-firmware-manifest/v1\n';

export function firmwareManifestBytes(manifest: FirmwareManifest): Uint8Array {
  const ordered = {
    model: manifest.model,
    version: manifest.version,
    size: manifest.size,
    sha256: manifest.sha256,
    minFromVersion: manifest.minFromVersion,
    antiRollback: manifest.antiRollback,
    deltaFrom: manifest.deltaFrom,
  };
  return new TextEncoder().encode(FIRMWARE_MANIFEST_PREFIX + JSON.stringify(ordered));
}
