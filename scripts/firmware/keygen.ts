import { generateKeyPairSync } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import { rawPublicKey } from './signing-key.ts';

export interface FirmwareKeyPair {
  /** PKCS#8 PEM: what `npm run firmware:release -- --signing-key` reads. */
  readonly privateKeyPem: string;
  /** The raw 32-byte public key, standard base64: what the firmware embeds to verify releases. */
  readonly publicKey: string;
}

export function generateFirmwareKeyPair(): FirmwareKeyPair {
  const { privateKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: rawPublicKey(privateKey),
  };
}

/**
 * Writes the private key to a new file only its owner may read. An existing file is never
 * replaced: it may hold the only copy of the key the fleet's firmware trusts.
 */
export function writePrivateKeyFile(path: string, pem: string): void {
  const fd = openSync(path, 'wx', 0o600);
  try {
    writeSync(fd, pem);
  } finally {
    closeSync(fd);
  }
}
