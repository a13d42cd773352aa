import { generateKeyPairSync } from 'node:crypto';
import type { DeviceModelId } from '@gadget/shared';
import type { GadgetIdentity } from '../src/index.ts';

/**
 * A gadget as provisioning and claiming would leave it, with a fresh Ed25519 pair in the CSV's
 * format (raw 32 bytes, base64). `deviceKey: null` makes it a BLE gadget.
 */
export function testIdentity(
  options: { model?: DeviceModelId; deviceKey?: string | null } = {},
): GadgetIdentity {
  const { d, x } = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
  if (d === undefined || x === undefined) throw new Error('Ed25519 JWK without d or x');
  return {
    serial: 'GDG-TEST01',
    model: options.model ?? 'thermo-1',
    claimCode: 'ABCDEFGHJK',
    privateKey: Buffer.from(d, 'base64url').toString('base64'),
    publicKey: Buffer.from(x, 'base64url').toString('base64'),
    deviceId: 'device-1',
    deviceKey: options.deviceKey === undefined ? 'test-device-key-0123456789' : options.deviceKey,
  };
}
