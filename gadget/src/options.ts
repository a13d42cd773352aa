import type { PhoneRelay } from './ble-transport.ts';
import type { GadgetEvent } from './events.ts';
import type { GadgetFaults } from './faults.ts';
import type { GadgetIdentity } from './identity.ts';

export interface GadgetOptions {
  readonly identity: GadgetIdentity;
  /** Wi-Fi: the gadget calls `ingest` itself. BLE: a member's phone makes the calls for it. */
  readonly transport: { kind: 'wifi'; ingestUrl: string } | { kind: 'ble'; phone: PhoneRelay };
  /** The firmware it runs; `1.2.0` by default, which has every setting and command. */
  readonly firmware?: string;
  /**
   * The release key its firmware was built with, which every update's signature must verify
   * with: the raw 32-byte Ed25519 public key in standard base64 (as the registry holds a gadget's
   * `publicKey`). Without one it installs no update (each fails with `bad-signature`).
   */
  readonly firmwarePublicKey?: string;
  /** Its anti-rollback counter: it refuses a release whose counter is lower. 0 by default. */
  readonly antiRollback?: number;
  /** Bytes per firmware download request (HTTP Range); 64 KiB by default. */
  readonly firmwareChunkBytes?: number;
  /** Simulated time: 60 = a gadget minute per real second; timestamps stay real time (+ skew). */
  readonly speed?: number;
  readonly faults?: GadgetFaults;
  /** Seeded in tests; Math.random by default. */
  readonly random?: () => number;
  readonly onEvent?: (event: GadgetEvent) => void;
  /** The global fetch by default. */
  readonly fetch?: typeof fetch;
}
