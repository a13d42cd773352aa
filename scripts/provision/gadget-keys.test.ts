import { describe, expect, it } from 'vitest';
import { RegistryEntrySchema } from '@gadget/shared';
import { generateGadgetKeyPair, signGadgetReport, verifyGadgetReport } from './gadget-keys.ts';

const report = new TextEncoder().encode('{"seq":7,"acks":[{"id":"c1","ok":true}]}');

/** RFC 8032 §7.1, TEST 2: a raw seed, its public key and its signature of one byte, 0x72. */
const RFC8032 = {
  seed: Buffer.from('4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb', 'hex'),
  publicKey: Buffer.from('3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c', 'hex'),
  message: Uint8Array.of(0x72),
  signature: Buffer.from(
    '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da' +
      '085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
    'hex',
  ),
};

describe('generateGadgetKeyPair', () => {
  it('makes a fresh pair each time, raw 32 bytes each, in the registry’s format', () => {
    const pairs = [generateGadgetKeyPair(), generateGadgetKeyPair()];
    for (const { publicKey, privateKey } of pairs) {
      expect(RegistryEntrySchema.shape.publicKey.safeParse(publicKey).success).toBe(true);
      expect(Buffer.from(publicKey, 'base64')).toHaveLength(32);
      expect(Buffer.from(privateKey, 'base64')).toHaveLength(32);
      expect(privateKey).toMatch(/^[A-Za-z0-9+/]{43}=$/);
      expect(privateKey).not.toBe(publicKey);
    }
    expect(pairs[0]?.privateKey).not.toBe(pairs[1]?.privateKey);
    expect(pairs[0]?.publicKey).not.toBe(pairs[1]?.publicKey);
  });
});

describe('signGadgetReport and verifyGadgetReport', () => {
  it('verify what the pair’s seed signed', () => {
    const { publicKey, privateKey } = generateGadgetKeyPair();
    const signature = signGadgetReport(report, privateKey);
    expect(signature).toMatch(/^[A-Za-z0-9+/]{86}==$/);
    expect(verifyGadgetReport(report, signature, publicKey)).toBe(true);
  });

  it('take the raw seed firmware libraries take (RFC 8032 test vector)', () => {
    const signature = signGadgetReport(RFC8032.message, RFC8032.seed.toString('base64'));
    expect(signature).toBe(RFC8032.signature.toString('base64'));
    expect(
      verifyGadgetReport(RFC8032.message, signature, RFC8032.publicKey.toString('base64')),
    ).toBe(true);
  });

  it('refuse another gadget’s key', () => {
    const signer = generateGadgetKeyPair();
    const other = generateGadgetKeyPair();
    expect(
      verifyGadgetReport(report, signGadgetReport(report, signer.privateKey), other.publicKey),
    ).toBe(false);
  });

  it('refuse a report or a signature with one bit changed', () => {
    const { publicKey, privateKey } = generateGadgetKeyPair();
    const signature = signGadgetReport(report, privateKey);
    const tampered = Uint8Array.from(report);
    tampered[5] = (tampered[5] ?? 0) ^ 1;
    expect(verifyGadgetReport(tampered, signature, publicKey)).toBe(false);
    const bad = Buffer.from(signature, 'base64');
    bad[0] = (bad[0] ?? 0) ^ 1;
    expect(verifyGadgetReport(report, bad.toString('base64'), publicKey)).toBe(false);
  });

  it('answer false for a signature that is not 64 bytes of base64, as relayed input may be', () => {
    const { publicKey, privateKey } = generateGadgetKeyPair();
    const signature = signGadgetReport(report, privateKey);
    for (const malformed of [
      '',
      signature.slice(0, -4),
      `${signature}AAAA`,
      Buffer.from(signature, 'base64').toString('base64url'),
      `${signature.slice(0, 40)}*${signature.slice(41)}`,
    ]) {
      expect(verifyGadgetReport(report, malformed, publicKey), malformed).toBe(false);
    }
  });

  // Buffer.from(…, 'base64') would quietly take most of these: skip stray characters, read base64url,
  // ignore the bits after the last byte, or let a 64-byte libsodium secret key through.
  const { publicKey, privateKey } = generateGadgetKeyPair();
  const seed = Buffer.from(privateKey, 'base64');
  const signature = signGadgetReport(report, privateKey);
  it.each<[string, string]>([
    ['an empty string', ''],
    ['31 bytes', seed.subarray(1).toString('base64')],
    [
      '64 bytes (libsodium’s seed and public key)',
      Buffer.concat([seed, Buffer.from(publicKey, 'base64')]).toString('base64'),
    ],
    ['base64url without padding', seed.toString('base64url')],
    ['hex', seed.toString('hex')],
    ['a stray space', ` ${privateKey}`],
    ['bits set after the last byte', withTrailingBits(privateKey)],
  ])('refuse a key given as %s', (_name, malformed) => {
    expect(() => signGadgetReport(report, malformed)).toThrow(TypeError);
    expect(() => verifyGadgetReport(report, signature, malformed)).toThrow(TypeError);
  });

  it('take the key well-formed, with the same bytes', () => {
    expect(withTrailingBits(privateKey)).not.toBe(privateKey);
    expect(Buffer.from(withTrailingBits(privateKey), 'base64').equals(seed)).toBe(true);
    expect(verifyGadgetReport(report, signature, publicKey)).toBe(true);
  });
});

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The same 32 bytes with the last character's two unused bits set: decodes alike, not canonical. */
function withTrailingBits(key: string): string {
  const last = BASE64.indexOf(key.charAt(42));
  return `${key.slice(0, 42)}${BASE64.charAt(last | 1)}=`;
}
