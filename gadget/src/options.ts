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
  /** Simulated time: 60 = a gadget minute per real second; timestamps stay real time (+ skew). */
  readonly speed?: number;
  readonly faults?: GadgetFaults;
  /** Seeded in tests; Math.random by default. */
  readonly random?: () => number;
  readonly onEvent?: (event: GadgetEvent) => void;
  /** The global fetch by default. */
  readonly fetch?: typeof fetch;
}
