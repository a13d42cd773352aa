import { carryFirmwareUpdate } from '@gadget/reference-gadget';
import type { FirmwareCarrier, OtaPhase, ReferenceGadget } from '@gadget/reference-gadget';
import type { FirmwareOffer } from '@gadget/shared';
import type { AppSession } from './app-session.ts';
import type { FleetStats } from './stats.ts';

/** A BLE gadget of the fleet, as the user's phone reaches it. */
export interface BleGadget {
  readonly deviceId: string;
  readonly gadget: ReferenceGadget;
}

/** How long the phone may take to download an image before it gives up (and asks again later). */
const DOWNLOAD_TIMEOUT_MS = 60_000;

/** Steps of an update under way: the gadget holds it, so the phone has nothing to carry now. */
const UNDER_WAY: ReadonlySet<OtaPhase> = new Set([
  'downloading',
  'downloaded',
  'installing',
  'test-booted',
]);

/**
 * The user's phone carrying firmware updates to the fleet's BLE gadgets, as the app does: now and
 * then (`check`) it asks `getFirmwareOffer` for each BLE gadget with no update under way and none
 * being carried; on an offer it downloads the image from `offer.url` with the user's ID token as
 * a Bearer and hands both to the gadget (`carryFirmwareUpdate`), whose relayed reports then carry
 * the update's steps. One carry per gadget at a time; a refusal or a failed download is counted
 * and tried again at a later check.
 */
export class BleUpdates {
  readonly #app: AppSession;
  readonly #stats: FleetStats;
  readonly #carrying = new Map<string, Promise<void>>();

  constructor(app: AppSession, stats: FleetStats) {
    this.#app = app;
    this.#stats = stats;
  }

  /** Asks for each gadget that is not busy; returns at once (see `settled`). */
  check(gadgets: readonly BleGadget[]): void {
    for (const { deviceId, gadget } of gadgets) {
      const { ota } = gadget.status;
      // Busy, or the backend has yet to hear how its last update went: nothing to carry yet.
      if (this.#carrying.has(deviceId) || UNDER_WAY.has(ota.state) || ota.reportPending) continue;
      const carry = this.#carry(deviceId, gadget).finally(() => this.#carrying.delete(deviceId));
      this.#carrying.set(deviceId, carry);
    }
  }

  /** Resolves once every carry started has ended. */
  async settled(): Promise<void> {
    await Promise.all([...this.#carrying.values()]);
  }

  async #carry(deviceId: string, gadget: ReferenceGadget): Promise<void> {
    let bytes = 0;
    const carrier: FirmwareCarrier = {
      getFirmwareOffer: () => this.#app.call('getFirmwareOffer', { deviceId }),
      downloadImage: async (offer) => {
        const image = await this.#download(offer);
        bytes = image.length;
        return image;
      },
    };
    try {
      const carried = await carryFirmwareUpdate(gadget, carrier);
      if (carried.available) this.#stats.firmwareCarried(bytes);
    } catch (error) {
      const { code } = error as { code?: unknown };
      this.#stats.refused(
        error instanceof DownloadError
          ? `phone firmware ${error.status}`
          : `app ${typeof code === 'string' ? code : 'error'}`,
      );
    }
  }

  async #download(offer: FirmwareOffer): Promise<Uint8Array> {
    const authorization = `Bearer ${await this.#app.idToken()}`;
    let response: Response;
    try {
      response = await fetch(offer.url, {
        headers: { authorization },
        signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS),
      });
    } catch {
      throw new DownloadError('fault');
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw new DownloadError(String(response.status));
    }
    try {
      return new Uint8Array(await response.arrayBuffer());
    } catch {
      // The connection dropped partway: the next check asks again.
      throw new DownloadError('cut');
    }
  }
}

/** The phone's download of an image failed: the HTTP status, or `fault` when no answer came. */
class DownloadError extends Error {
  readonly status: string;
  constructor(status: string) {
    super(`firmware download: ${status}`);
    this.status = status;
  }
}
