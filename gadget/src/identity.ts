import type { DeviceModelId } from '@gadget/shared';

/**
 * What a gadget carries from the factory and its setup: the label (serial, claim code), the key
 * pair provisioning put in its flash, and what the owner's app gave it when it was claimed.
 */
export interface GadgetIdentity {
  readonly serial: string;
  readonly model: DeviceModelId;
  readonly claimCode: string;
  /** The raw 32-byte Ed25519 seed, base64, as provisioning's CSV has it: signs BLE reports. */
  readonly privateKey: string;
  /** The raw 32-byte Ed25519 public key, base64, as the registry entry holds it. */
  readonly publicKey: string;
  readonly deviceId: string;
  /** The key from `rotateDeviceKey` a Wi-Fi gadget calls `ingest` with; null for a BLE gadget. */
  readonly deviceKey: string | null;
}
