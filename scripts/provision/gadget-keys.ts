import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

/**
 * A gadget's Ed25519 key pair as provisioning hands it over: the raw 32-byte public key and the raw
 * 32-byte seed, both standard base64, which is what firmware libraries take and what
 * `RegistryEntrySchema.publicKey` stores. The seed is the private key: it goes into the gadget only.
 */
export interface GadgetKeyPair {
  readonly publicKey: string;
  readonly privateKey: string;
}

const KEY_BYTES = 32;
const SIGNATURE_BYTES = 64;

export function generateGadgetKeyPair(): GadgetKeyPair {
  // The private key's JWK carries both halves raw: `d` is the seed, `x` the public key.
  const { d, x } = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
  if (d === undefined || x === undefined) throw new Error('Ed25519 JWK without d or x');
  return { publicKey: fromBase64Url(x), privateKey: fromBase64Url(d) };
}

/** The base64 Ed25519 signature of `bytes`, as the gadget makes it with its seed. */
export function signGadgetReport(bytes: Uint8Array, privateKeyBase64: string): string {
  return sign(null, bytes, privateKeyOf(privateKeyBase64)).toString('base64');
}

/**
 * Whether `signatureBase64` is the gadget's signature of `bytes`. A signature that is not 64 bytes
 * of canonical base64 is false, as relayed input may be anything; a malformed public key throws,
 * since it is ours and would otherwise pass for a forged report.
 */
export function verifyGadgetReport(
  bytes: Uint8Array,
  signatureBase64: string,
  publicKeyBase64: string,
): boolean {
  const x = decodeRaw(publicKeyBase64, KEY_BYTES, 'public key').toString('base64url');
  const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
  let signature: Buffer;
  try {
    signature = decodeRaw(signatureBase64, SIGNATURE_BYTES, 'signature');
  } catch {
    return false;
  }
  return verify(null, bytes, publicKey, signature);
}

/**
 * The seed as a KeyObject, built from the JWK {kty, crv, d, x}: the one form of a raw Ed25519
 * private key node:crypto takes on every Node this runs on (the raw formats are recent). Node
 * refuses a JWK without `x` but builds the key from `d` alone, so a first import with an empty
 * `x` yields the public key, and the key signed with carries its own.
 */
function privateKeyOf(privateKeyBase64: string): KeyObject {
  const d = decodeRaw(privateKeyBase64, KEY_BYTES, 'private key').toString('base64url');
  const seedOnly = createPrivateKey({
    key: { kty: 'OKP', crv: 'Ed25519', d, x: '' },
    format: 'jwk',
  });
  const { x } = createPublicKey(seedOnly).export({ format: 'jwk' });
  return createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', d, x }, format: 'jwk' });
}

/**
 * Exactly `length` bytes from standard base64. Buffer.from skips characters that are not base64
 * and takes base64url too, so only input that encodes back to itself is accepted.
 */
function decodeRaw(base64: string, length: number, what: string): Buffer {
  const raw = Buffer.from(base64, 'base64');
  if (raw.length !== length || raw.toString('base64') !== base64) {
    throw new TypeError(`Expected the ${what} as ${length} bytes of standard base64`);
  }
  return raw;
}

function fromBase64Url(value: string): string {
  return Buffer.from(value, 'base64url').toString('base64');
}
