import { createPrivateKey, createPublicKey, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { firmwareManifestBytes } from '@gadget/shared';
import type { FirmwareManifest } from '@gadget/shared';
import { FirmwareRefusal } from './refusal.ts';

/**
 * The operator's firmware signing key: Ed25519, kept as PKCS#8 PEM (`npm run firmware:keygen`'s
 * file) on the machine that releases. Gadgets hold only its public half, built into their firmware.
 */
export function loadSigningKey(pem: string | Buffer): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new FirmwareRefusal(
      'The signing key is not a PEM private key; npm run firmware:keygen makes one',
    );
  }
  assertSigningKey(key);
  return key;
}

/** Refuses anything but an Ed25519 private key: a gadget verifies nothing else. */
export function assertSigningKey(key: KeyObject): void {
  if (key.type !== 'private' || key.asymmetricKeyType !== 'ed25519') {
    throw new FirmwareRefusal(
      `The signing key is ${key.asymmetricKeyType ?? key.type}, not an Ed25519 private key`,
    );
  }
}

/** The base64 signature (64 bytes, 88 characters) a gadget checks before it installs an image. */
export function signManifest(manifest: FirmwareManifest, key: KeyObject): string {
  return sign(null, firmwareManifestBytes(manifest), key).toString('base64');
}

/**
 * The key's public half as the firmware embeds it: the raw 32 bytes in standard base64, the
 * encoding of the registry's gadget keys (`RegistryEntrySchema.publicKey`).
 */
export function rawPublicKey(key: KeyObject): string {
  const { x } = createPublicKey(key).export({ format: 'jwk' });
  if (x === undefined) throw new Error('Ed25519 JWK without x');
  return Buffer.from(x, 'base64url').toString('base64');
}
