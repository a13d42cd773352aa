import { createHash, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { compareVersions, firmwareManifestBytes } from '@gadget/shared';
import type { DeviceModelId, FirmwareOffer } from '@gadget/shared';

/**
 * The gadget's checks of a firmware update, in the words its `failed` report uses. Nothing is
 * installed unless every one passes.
 */
export type FirmwareProblem =
  /** The signature does not verify with the release key built into the gadget (or it has none). */
  | 'bad-signature'
  /** The release's anti-rollback counter is below the gadget's own. */
  | 'anti-rollback'
  /** Not for this gadget's version: older than `minFromVersion`, or a delta from another version. */
  | 'not-applicable'
  /** Larger than the spare slot the gadget writes updates to. */
  | 'too-large'
  /** The image downloaded is not the size the offer says. */
  | 'size-mismatch'
  /** The image downloaded is not the one the offer (and so the signature) describes. */
  | 'sha256-mismatch';

/** The spare firmware slot of the reference gadget's flash: no image may be larger. */
export const FIRMWARE_SLOT_BYTES = 16 * 1024 * 1024;

/** What the checks compare an offer with: the gadget as it runs now. */
export interface FirmwareCheckContext {
  readonly model: DeviceModelId;
  /** The version it runs. */
  readonly version: string;
  /** Its own anti-rollback counter. */
  readonly antiRollback: number;
  /** The release key its firmware was built with; null for a gadget built without one. */
  readonly publicKey: KeyObject | null;
}

/**
 * Before a byte is downloaded: the offer's manifest is signed by the release key, and this gadget
 * may install it. The signature covers size and sha256 too, so once the image matches those (see
 * `checkImage`) it is the image that was signed.
 */
export function checkOffer(
  offer: FirmwareOffer,
  gadget: FirmwareCheckContext,
): FirmwareProblem | undefined {
  if (!signatureVerifies(offer, gadget)) return 'bad-signature';
  if (offer.antiRollback < gadget.antiRollback) return 'anti-rollback';
  if (compareVersions(gadget.version, offer.minFromVersion) < 0) return 'not-applicable';
  if (offer.deltaFrom !== null && offer.deltaFrom !== gadget.version) return 'not-applicable';
  if (offer.size > FIRMWARE_SLOT_BYTES) return 'too-large';
  return undefined;
}

/** After the download: the image is exactly the size and SHA-256 the signed offer says. */
export function checkImage(image: Uint8Array, offer: FirmwareOffer): FirmwareProblem | undefined {
  if (image.length !== offer.size) return 'size-mismatch';
  const sha256 = createHash('sha256').update(image).digest('hex');
  return sha256 === offer.sha256 ? undefined : 'sha256-mismatch';
}

/** Ed25519 over `firmwareManifestBytes` of the gadget's model and the offer's fields. */
function signatureVerifies(offer: FirmwareOffer, { model, publicKey }: FirmwareCheckContext) {
  if (publicKey === null) return false;
  const manifest = firmwareManifestBytes({
    model,
    version: offer.version,
    size: offer.size,
    sha256: offer.sha256,
    minFromVersion: offer.minFromVersion,
    antiRollback: offer.antiRollback,
    deltaFrom: offer.deltaFrom,
  });
  try {
    return verify(null, manifest, publicKey, Buffer.from(offer.signature, 'base64'));
  } catch {
    return false;
  }
}
