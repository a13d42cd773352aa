import type { DeviceModelId, RegistryEntry } from '@gadget/shared';
import { hashClaimCode } from '../../functions/src/for-scripts/seeding.ts';

/**
 * A `deviceRegistry/{serial}` entry as provisioning leaves it: the claim code only as its HMAC,
 * unlocked, with no device key yet. The seed passes `claimedBy`/`deviceId` for devices it also
 * creates; the provisioning script never does.
 */
export function newRegistryEntry(options: {
  model: DeviceModelId;
  claimCode: string;
  claimCodeSecret: string;
  provisionedAt: Date;
  claimedBy?: string | null;
  deviceId?: string | null;
}): RegistryEntry {
  return {
    model: options.model,
    claimSecretHash: hashClaimCode(options.claimCode, options.claimCodeSecret),
    deviceKeyHash: null,
    claimedBy: options.claimedBy ?? null,
    deviceId: options.deviceId ?? null,
    failedAttempts: 0,
    lockedUntil: null,
    provisionedAt: options.provisionedAt,
  };
}
