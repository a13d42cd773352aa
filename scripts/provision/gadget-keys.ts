import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { decodeRawBase64 } from '@gadget/reference-gadget';

/**
 * The gadget's signing lives with the gadget (`@gadget/reference-gadget`); provisioning's callers
 * know it by this name. Key generation stays here: it is the factory's side.
 */
export { signReport as signGadgetReport } from '@gadget/reference-gadget';

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
  const x = decodeRawBase64(publicKeyBase64, KEY_BYTES, 'public key').toString('base64url');
  const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
  let signature: Buffer;
  try {
    signature = decodeRawBase64(signatureBase64, SIGNATURE_BYTES, 'signature');
  } catch {
    return false;
  }
  return verify(null, bytes, publicKey, signature);
}

function fromBase64Url(value: string): string {
  return Buffer.from(value, 'base64url').toString('base64');
}
