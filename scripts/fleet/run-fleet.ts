import { ReferenceGadget } from '@gadget/reference-gadget';
import type {
  GadgetEvent,
  GadgetOptions,
  GadgetStatus,
  PhoneRelay,
} from '@gadget/reference-gadget';
import type { AppSession } from './app-session.ts';
import { AppDriver } from './app-driver.ts';
import { BleUpdates } from './ble-updates.ts';
import type { BleGadget } from './ble-updates.ts';
import type { EnlistedGadget } from './enlist.ts';
import { FleetStats } from './stats.ts';

export interface FleetRunOptions {
  readonly gadgets: readonly EnlistedGadget[];
  readonly app: AppSession;
  readonly ingestUrl: string;
  readonly intervalSeconds: number;
  readonly speed: number;
  /** 0..0.5: the share of requests a fault hits, and of firmware download requests cut partway. */
  readonly faultRate: number;
  readonly skewSeconds: number;
  /**
   * The release public key the gadgets' firmware is built with (raw 32 bytes, standard base64);
   * without it every update offered fails with `bad-signature`, as on a real gadget.
   */
  readonly firmwarePublicKey?: string | undefined;
  /** 0..1: the share of gadgets, spread evenly by index, on which any new firmware fails to boot. */
  readonly failsToBootShare?: number;
  readonly random: () => number;
  /** Ends the run: the gadgets stop, send what they hold and finish their commands. */
  readonly signal: AbortSignal;
  /** Called about once a second with the stats, for the live summary. */
  readonly onTick?: (stats: FleetStats) => void;
  /** Called about once a second and once at the end with every gadget, for whoever shows them. */
  readonly onGadgets?: (gadgets: readonly FleetGadget[]) => void;
}

/** One gadget as the run sees it: who it is, its last request and what it knows of itself. */
export interface FleetGadget {
  readonly enlisted: EnlistedGadget;
  readonly lastRequest: { at: string; status: number; latencyMs: number } | null;
  readonly status: GadgetStatus;
}

export interface FleetRun {
  readonly stats: FleetStats;
  /** Per gadget: its device and every reading id it generated. */
  readonly generated: { readonly deviceId: string; readonly generatedIds: readonly string[] }[];
  /** Every gadget as the run ended: its last request and what it knows (its update, its firmware). */
  readonly gadgets: readonly FleetGadget[];
}

/**
 * Rounds of calls after the stop, so settings set and commands sent last still reach the gadgets,
 * and an update handed over or downloaded goes through (downloaded, installing, confirmed).
 */
const DRAIN_ROUNDS = 3;
/** The phone asks about its BLE gadgets' updates every so many of the app's actions. */
const CARRY_EVERY_ACTIONS = 2;

/**
 * Runs the enlisted gadgets until the signal: each reference gadget's own loop (sampling every
 * gadget-minute, calling at the backend's `nextPollSeconds`, both sped up by `speed`), while the
 * app acts about once per gadget-interval and, every CARRY_EVERY_ACTIONS actions, the phone carries
 * the firmware updates its BLE gadgets are offered (Wi-Fi gadgets fetch theirs from the `ingest`
 * answers). Then every gadget flushes what it holds and calls a few more times, so what the app
 * asked last is applied and answered before the data is checked.
 */
export async function runFleet(options: FleetRunOptions): Promise<FleetRun> {
  const stats = new FleetStats(Date.now());
  const views: (() => FleetGadget)[] = [];
  const ble: BleGadget[] = [];
  const count = options.gadgets.length;
  const gadgets = options.gadgets.map((enlisted, index) => {
    let lastRequest: FleetGadget['lastRequest'] = null;
    const onEvent = (event: GadgetEvent) => {
      record(stats, enlisted.deviceId, event);
      if (event.type === 'request') {
        const { status, latencyMs } = event;
        lastRequest = { at: new Date().toISOString(), status, latencyMs };
      }
    };
    const gadget = new ReferenceGadget({
      identity: enlisted,
      transport: transportFor(enlisted, options.app, options.ingestUrl),
      speed: options.speed,
      ...(options.firmwarePublicKey === undefined
        ? {}
        : { firmwarePublicKey: options.firmwarePublicKey }),
      faults: {
        dropResponse: options.faultRate / 2,
        timeout: options.faultRate / 2,
        clockSkewMs: Math.round((options.random() * 2 - 1) * options.skewSeconds * 1000),
        cutDownload: options.faultRate,
        // Whatever version comes next: the versions a rollout will offer are not known here.
        ...(failsToBootAt(index, count, options.failsToBootShare ?? 0) ? { failsToBoot: 1 } : {}),
      },
      random: options.random,
      onEvent,
    });
    views.push(() => ({ enlisted, lastRequest, status: gadget.status }));
    if (enlisted.deviceKey === null) ble.push({ deviceId: enlisted.deviceId, gadget });
    return gadget;
  });
  const driver = new AppDriver(
    options.app,
    options.gadgets.map((gadget) => gadget.deviceId),
    stats,
    options.random,
  );
  const bleUpdates = new BleUpdates(options.app, stats);
  const actEveryMs = (options.intervalSeconds * 1000) / options.speed;
  const tick = () => {
    const fleet = views.map((view) => view());
    stats.gadgets(fleet.map(({ status }) => status));
    options.onTick?.(stats);
    options.onGadgets?.(fleet);
  };
  const ticker = setInterval(tick, 1000);
  let actions = 0;
  const acting = setInterval(() => {
    void driver.act();
    // Now and then a person changes a setting on a gadget itself, racing what the app sets.
    if (++actions % 3 === 0) {
      const gadget = gadgets[Math.floor(options.random() * gadgets.length)];
      gadget?.changeSettingLocally('displayUnit', options.random() < 0.5 ? 'C' : 'F');
    }
    if (ble.length > 0 && actions % CARRY_EVERY_ACTIONS === 0) bleUpdates.check(ble);
  }, actEveryMs);
  try {
    await Promise.all(gadgets.map((gadget) => gadget.run(options.signal)));
  } finally {
    clearInterval(acting);
  }
  await Promise.all([driver.settled(), bleUpdates.settled()]);
  await Promise.all(
    gadgets.map(async (gadget) => {
      await gadget.flush();
      for (let round = 0; round < DRAIN_ROUNDS; round++) await gadget.syncOnce();
      // A download the drain's calls resumed ends before the run does (its bytes stay held).
      await gadget.firmwareSettled();
    }),
  );
  clearInterval(ticker);
  tick();
  return {
    stats,
    gadgets: views.map((view) => view()),
    generated: gadgets.map((gadget, index) => ({
      deviceId: options.gadgets[index]?.deviceId ?? '',
      generatedIds: gadget.status.generatedIds,
    })),
  };
}

function record(stats: FleetStats, deviceId: string, event: GadgetEvent): void {
  const now = Date.now();
  switch (event.type) {
    case 'request':
      stats.request(now, event.status, event.code, event.latencyMs);
      break;
    case 'readings':
      stats.readings(event.accepted, event.duplicates);
      break;
    case 'settings-applied':
      stats.settingsApplied(deviceId, event.version);
      break;
    case 'setting-changed-locally':
      stats.localChange();
      break;
    case 'command-finished':
      stats.commandFinished(event.status);
      break;
    case 'firmware-download':
      stats.firmwareDownload(event.status, event.code, event.bytes);
      break;
  }
}

/**
 * Whether gadget `index` of `count` is one of the `share` on which new firmware fails to boot:
 * `round(count × share)` of them, spread evenly over the indices (with 10 gadgets and 25 %: 3, 6
 * and 9), so the same gadgets fail on every run.
 */
export function failsToBootAt(index: number, count: number, share: number): boolean {
  const failing = Math.round(count * share);
  return Math.floor(((index + 1) * failing) / count) > Math.floor((index * failing) / count);
}

/** How an enlisted gadget reaches the backend: itself over Wi-Fi, or (no key) through the phone. */
export function transportFor(
  gadget: EnlistedGadget,
  app: AppSession,
  ingestUrl: string,
): GadgetOptions['transport'] {
  return gadget.deviceKey === null
    ? { kind: 'ble', phone: phoneFor(app, gadget.deviceId) }
    : { kind: 'wifi', ingestUrl };
}

/** The user's phone relaying for a BLE gadget: the app's two calls. */
function phoneFor(app: AppSession, deviceId: string): PhoneRelay {
  return {
    submitReadings: (readings) => app.call('submitReadings', { deviceId, readings }),
    relayReport: (report) => app.call('relayGadgetReport', { deviceId, ...report }),
  };
}
