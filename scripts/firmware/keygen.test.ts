import { createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RegistryEntrySchema } from '@gadget/shared';
import { UsageError } from '../cli/usage-error.ts';
import { verifyGadgetReport } from '../provision/gadget-keys.ts';
import { generateFirmwareKeyPair, writePrivateKeyFile } from './keygen.ts';
import { parseFirmwareKeygenCommand } from './keygen-options.ts';
import { loadSigningKey, rawPublicKey } from './signing-key.ts';

const dir = mkdtempSync(join(tmpdir(), 'firmware-keygen-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('parseFirmwareKeygenCommand', () => {
  it('takes --out relative to where npm ran', () => {
    expect(parseFirmwareKeygenCommand(['--out', 'key.pem'], { INIT_CWD: dir })).toEqual({
      out: join(dir, 'key.pem'),
    });
    expect(parseFirmwareKeygenCommand(['--help'], {})).toBe('help');
  });

  it.each<[string, string[], string]>([
    ['no --out', [], '--out FILE is required'],
    [
      'an existing file',
      ['--out', 'taken.pem'],
      'taken.pem exists; it may hold the only copy of a signing key',
    ],
    ['an unknown option', ['--out', 'k.pem', '--force'], "Unknown option '--force'"],
  ])('refuses %s in one line', (_name, argv, message) => {
    writeFileSync(join(dir, 'taken.pem'), 'earlier key');
    expect(() => parseFirmwareKeygenCommand(argv, { INIT_CWD: dir })).toThrow(UsageError);
    expect(() => parseFirmwareKeygenCommand(argv, { INIT_CWD: dir })).toThrow(message);
  });
});

describe('generateFirmwareKeyPair', () => {
  it('makes a PKCS#8 Ed25519 key and its raw public key in the registry’s encoding', () => {
    const { privateKeyPem, publicKey } = generateFirmwareKeyPair();
    expect(privateKeyPem).toMatch(
      /^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----\n$/,
    );
    const key = loadSigningKey(privateKeyPem);
    expect(rawPublicKey(key)).toBe(publicKey);
    expect(RegistryEntrySchema.shape.publicKey.safeParse(publicKey).success).toBe(true);
    expect(Buffer.from(publicKey, 'base64')).toHaveLength(32);

    // What the key signs verifies against the printed public key, as a gadget's firmware checks it.
    const message = new TextEncoder().encode('manifest');
    const signature = sign(null, message, key);
    expect(verifyGadgetReport(message, signature.toString('base64'), publicKey)).toBe(true);
    expect(verify(null, message, createPublicKey(key), signature)).toBe(true);
  });

  it('makes a fresh pair each time', () => {
    expect(generateFirmwareKeyPair().publicKey).not.toBe(generateFirmwareKeyPair().publicKey);
  });
});

describe('writePrivateKeyFile', () => {
  it('writes the key readable by its owner only, and never replaces a file', () => {
    const path = join(dir, 'firmware-key.pem');
    const { privateKeyPem } = generateFirmwareKeyPair();
    writePrivateKeyFile(path, privateKeyPem);
    expect(readFileSync(path, 'utf8')).toBe(privateKeyPem);
    expect(statSync(path).mode & 0o777).toBe(0o600);

    expect(() => {
      writePrivateKeyFile(path, generateFirmwareKeyPair().privateKeyPem);
    }).toThrow(/EEXIST/);
    expect(readFileSync(path, 'utf8')).toBe(privateKeyPem);
  });
});

describe('loadSigningKey', () => {
  it('refuses what is not an Ed25519 private key, in one line', () => {
    expect(() => loadSigningKey('not a key')).toThrow(
      'The signing key is not a PEM private key; npm run firmware:keygen makes one',
    );
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    expect(() => loadSigningKey(ec.export({ type: 'pkcs8', format: 'pem' }))).toThrow(
      'The signing key is ec, not an Ed25519 private key',
    );
    const publicOnly = createPublicKey(loadSigningKey(generateFirmwareKeyPair().privateKeyPem));
    expect(() => loadSigningKey(publicOnly.export({ type: 'spki', format: 'pem' }))).toThrow(
      'The signing key is not a PEM private key',
    );
  });
});
