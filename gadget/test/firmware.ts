import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { FirmwareOfferSchema, firmwareManifestBytes } from '@gadget/shared';
import type { DeviceModelId, FirmwareOffer } from '@gadget/shared';
import { seededRandom } from '../src/index.ts';

/** A release key pair: the private half signs manifests, the public half is built into gadgets. */
export interface FirmwareKeys {
  /** Raw 32-byte Ed25519 public key, base64: the gadget's `firmwarePublicKey`. */
  readonly publicKey: string;
  readonly privateKey: KeyObject;
}

export function firmwareKeys(): FirmwareKeys {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const { x } = publicKey.export({ format: 'jwk' });
  if (x === undefined) throw new Error('Ed25519 JWK without x');
  return { publicKey: Buffer.from(x, 'base64url').toString('base64'), privateKey };
}

/** `size` bytes that look like nothing in particular, the same for the same seed. */
export function firmwareImage(size: number, seed = 7): Uint8Array {
  const random = seededRandom(seed);
  return Uint8Array.from({ length: size }, () => Math.floor(random() * 256));
}

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export interface OfferOptions {
  readonly url: string;
  readonly keys: FirmwareKeys;
  readonly model?: DeviceModelId;
  readonly version?: string;
  readonly rolloutId?: string;
  readonly minFromVersion?: string;
  readonly antiRollback?: number;
  readonly deltaFrom?: string | null;
}

/**
 * An offer for `image` as the backend makes one: the release script's signature over
 * `firmwareManifestBytes`, checked with the shared schema. `tamper` changes fields after signing.
 */
export function signedOffer(
  image: Uint8Array,
  options: OfferOptions,
  tamper: Partial<FirmwareOffer> = {},
): FirmwareOffer {
  const manifest = {
    model: options.model ?? 'thermo-1',
    version: options.version ?? '1.3.0',
    size: image.length,
    sha256: sha256Of(image),
    minFromVersion: options.minFromVersion ?? '1.0.0',
    antiRollback: options.antiRollback ?? 2,
    deltaFrom: options.deltaFrom ?? null,
  };
  const signature = sign(null, firmwareManifestBytes(manifest), options.keys.privateKey);
  const { model: _model, ...fields } = manifest;
  return FirmwareOfferSchema.parse({
    ...fields,
    url: options.url,
    signature: signature.toString('base64'),
    rolloutId: options.rolloutId ?? 'rollout-1',
    ...tamper,
  });
}
