import { createPrivateKey, createPublicKey, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

/** A raw Ed25519 seed is 32 bytes, as provisioning writes it into the gadget. */
const SEED_BYTES = 32;
/** A raw Ed25519 public key is 32 bytes too. */
const PUBLIC_KEY_BYTES = 32;

/**
 * The base64 Ed25519 signature (64 bytes) of `bytes`, made with the gadget's private key as
 * provisioning hands it over: the raw 32-byte seed in standard base64, which is what firmware
 * libraries take. A BLE gadget signs the exact bytes of its report with it.
 */
export function signReport(bytes: Uint8Array, privateKeyBase64: string): string {
  return sign(null, bytes, privateKeyOf(privateKeyBase64)).toString('base64');
}

/**
 * Exactly `length` bytes from standard base64. Buffer.from skips characters that are not base64
 * and takes base64url too, so only input that encodes back to itself is accepted. Shared with the
 * factory's verification (scripts/provision), which reads keys and signatures the same way.
 */
export function decodeRawBase64(base64: string, length: number, what: string): Buffer {
  const raw = Buffer.from(base64, 'base64');
  if (raw.length !== length || raw.toString('base64') !== base64) {
    throw new TypeError(`Expected the ${what} as ${length} bytes of standard base64`);
  }
  return raw;
}

/**
 * A raw 32-byte Ed25519 public key (standard base64, as the registry holds a gadget's and as a
 * gadget's firmware holds the release key) as a KeyObject, from the JWK {kty, crv, x}.
 */
export function publicKeyOf(publicKeyBase64: string, what = 'public key'): KeyObject {
  const x = decodeRawBase64(publicKeyBase64, PUBLIC_KEY_BYTES, what).toString('base64url');
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
}

/**
 * The seed as a KeyObject, built from the JWK {kty, crv, d, x}: the one form of a raw Ed25519
 * private key node:crypto takes on every Node this runs on (the raw formats are recent). Node
 * refuses a JWK without `x` but builds the key from `d` alone, so a first import with an empty
 * `x` yields the public key, and the key signed with carries its own.
 */
function privateKeyOf(privateKeyBase64: string): KeyObject {
  const d = decodeRawBase64(privateKeyBase64, SEED_BYTES, 'private key').toString('base64url');
  const seedOnly = createPrivateKey({
    key: { kty: 'OKP', crv: 'Ed25519', d, x: '' },
    format: 'jwk',
  });
  const { x } = createPublicKey(seedOnly).export({ format: 'jwk' });
  return createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', d, x }, format: 'jwk' });
}
