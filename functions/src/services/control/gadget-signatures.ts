import { createPublicKey, verify } from 'node:crypto';

/**
 * Whether `signature` (base64) is the gadget's Ed25519 signature over exactly `bytes`, by the
 * public key provisioning recorded (the raw 32 bytes, base64). Node's crypto does the
 * cryptography; a malformed key or signature is simply not a valid signature.
 */
export function verifyGadgetSignature(
  bytes: Uint8Array,
  signature: string,
  publicKey: string,
): boolean {
  const raw = Buffer.from(publicKey, 'base64');
  const sig = Buffer.from(signature, 'base64');
  if (raw.length !== 32 || sig.length !== 64) return false;
  try {
    const key = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') },
      format: 'jwk',
    });
    return verify(null, bytes, key, sig);
  } catch {
    return false;
  }
}
