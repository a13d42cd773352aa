// The fleet's gadgets on the console: about once a second, and once at the end, the run's gadgets go
// to local-cloud's control API as virtual devices of the source `fleet`, each with its last request
// and what it knows of itself, its firmware update included.
import type { LocalCloudPorts } from '@gadget/local-cloud/ports';
import { LOCAL_HOST } from '../local-emulators.ts';
import type { FleetGadget } from './run-fleet.ts';

/** One gadget as local-cloud's control API takes it at `PUT /virtual-devices/{source}`. */
export interface VirtualDevice {
  readonly id: string;
  readonly label: string;
  readonly lastRequest: FleetGadget['lastRequest'];
  readonly state: Record<string, string | number | boolean | null>;
}

/** How long a report may take before it is given up: a stuck backend must not hold the run's end. */
const TIMEOUT_MS = 5_000;

/**
 * Where to report: `npm start`'s control API, unless `--functions-url` sends the gadgets to a
 * backend elsewhere, which has no console of ours (then undefined: no reports).
 */
export function virtualDevicesUrl(
  functionsUrl: string | undefined,
  ports: LocalCloudPorts,
): string | undefined {
  const local = `http://${LOCAL_HOST}:${String(ports.functions)}`;
  if (functionsUrl !== undefined && URL.parse(functionsUrl)?.origin !== local) return undefined;
  return `http://${LOCAL_HOST}:${String(ports.control)}/virtual-devices/fleet`;
}

/** The gadgets as the console's Virtual devices page shows them: who, last request, what it knows. */
export function virtualDevicesOf(gadgets: readonly FleetGadget[]): VirtualDevice[] {
  return gadgets.map(({ enlisted, lastRequest, status }) => ({
    id: enlisted.deviceId,
    label: `${enlisted.serial} (${enlisted.deviceKey === null ? 'BLE' : 'Wi-Fi'})`,
    lastRequest,
    state: {
      model: enlisted.model,
      firmware: status.firmware,
      appliedVersion: status.appliedDesiredVersion,
      knownVersion: status.knownDesiredVersion,
      buffered: status.bufferedIds.length,
      acknowledged: status.acknowledgedIds.length,
      commandsRun: status.commandsRun.length,
      nextPollSeconds: status.nextPollSeconds,
      // The state is free-form (flat, up to 32 fields): the update, as the gadget sees it.
      ota: status.ota.state,
      otaVersion: status.ota.version,
      otaProgress: status.ota.progress,
      otaError: status.ota.error,
    },
  }));
}

/**
 * Reports the fleet's gadgets to local-cloud's control API at `url`, so the console shows each one
 * live. One PUT at a time: a report that comes while one is on its way
 * waits, and only the newest. A failed report never disturbs the run: the first failure prints one
 * warning line, every later one is dropped silently.
 */
export class VirtualDevicesReport {
  readonly #url: string;
  readonly #warn: (line: string) => void;
  #next: readonly FleetGadget[] | undefined;
  #sending: Promise<void> | undefined;
  #warned = false;

  constructor(url: string, warn: (line: string) => void) {
    this.#url = url;
    this.#warn = warn;
  }

  report(gadgets: readonly FleetGadget[]): void {
    this.#next = gadgets;
    this.#sending ??= this.#send().finally(() => {
      this.#sending = undefined;
    });
  }

  /** Waits until the newest report has been sent (or given up). */
  async settled(): Promise<void> {
    await this.#sending;
  }

  async #send(): Promise<void> {
    for (let gadgets = this.#next; gadgets !== undefined; gadgets = this.#next) {
      this.#next = undefined;
      try {
        const response = await fetch(this.#url, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ devices: virtualDevicesOf(gadgets) }),
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        await response.body?.cancel();
        if (!response.ok) throw new Error(`HTTP ${String(response.status)}`);
      } catch (error) {
        if (!this.#warned) {
          this.#warned = true;
          this.#warn(
            `The console will not show the gadgets: PUT ${this.#url} failed (${error instanceof Error ? error.message : String(error)}); the run goes on.`,
          );
        }
      }
    }
  }
}
