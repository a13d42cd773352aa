import type { AppSession } from './app-session.ts';
import type { FleetStats } from './stats.ts';

/**
 * The user's app while the fleet runs: now and then, on a gadget picked at random, it changes the
 * screen brightness or asks the gadget to identify itself, as a person would from the device's
 * screen. What it sets and sends is counted, so the summary can show what is still pending.
 */
export class AppDriver {
  readonly #app: AppSession;
  readonly #deviceIds: readonly string[];
  readonly #stats: FleetStats;
  readonly #random: () => number;
  #turn = 0;

  constructor(
    app: AppSession,
    deviceIds: readonly string[],
    stats: FleetStats,
    random: () => number,
  ) {
    this.#app = app;
    this.#deviceIds = deviceIds;
    this.#stats = stats;
    this.#random = random;
  }

  readonly #inFlight = new Set<Promise<void>>();

  /** One action, tracked until done; a refusal (the command cap, a rate limit) is counted. */
  act(): Promise<void> {
    const action = this.#act().finally(() => this.#inFlight.delete(action));
    this.#inFlight.add(action);
    return action;
  }

  /** Resolves once every action started has finished, so nothing lands after the last calls. */
  async settled(): Promise<void> {
    await Promise.all([...this.#inFlight]);
  }

  async #act(): Promise<void> {
    const deviceId = this.#deviceIds[Math.floor(this.#random() * this.#deviceIds.length)];
    if (deviceId === undefined) return;
    this.#turn++;
    try {
      if (this.#turn % 2 === 1) {
        const { version } = await this.#app.call('setDeviceSettings', {
          deviceId,
          values: { screenBrightness: Math.floor(this.#random() * 101) },
        });
        this.#stats.settingSet(deviceId, version);
      } else {
        await this.#app.call('sendCommand', {
          deviceId,
          command: 'identify',
          params: { durationSeconds: 5 },
        });
        this.#stats.commandSent();
      }
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      this.#stats.refused(`app ${typeof code === 'string' ? code : 'error'}`);
    }
  }
}
