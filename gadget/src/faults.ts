/** Faults a gadget suffers on purpose, so tests and fleets see what real networks do. */
export interface GadgetFaults {
  /** Probability per request that the response is lost after the backend handled it (the gadget retries the same body). */
  readonly dropResponse?: number;
  /** Probability per request that it times out before an answer (aborted; retried the same way). */
  readonly timeout?: number;
  /** The gadget's clock is off by this many ms (readings' ts); keep within ingest's ±5 min window. */
  readonly clockSkewMs?: number;
  /**
   * Probability per firmware download request (one range) that the connection drops partway:
   * the gadget keeps the bytes that came and resumes from them.
   */
  readonly cutDownload?: number;
  /**
   * Firmware that fails to boot on this gadget: the versions that do, or a probability per
   * update. The bootloader then goes back to the old version and the gadget reports `rolled-back`,
   * which is what a fleet needs to watch a rollout pause itself.
   */
  readonly failsToBoot?: number | readonly string[];
}

/**
 * `timeout`: the request is aborted before it leaves, so the backend never sees it. `drop`: the
 * backend handled it and the answer is lost on the way back, the case that tests idempotency.
 */
export type Fault = 'timeout' | 'drop';

/** Decides, request by request, which fault strikes it. */
export class FaultInjector {
  readonly #timeout: number;
  readonly #drop: number;
  readonly #cutDownload: number;
  readonly #failsToBoot: number | ReadonlySet<string>;
  readonly #random: () => number;

  constructor(faults: GadgetFaults, random: () => number) {
    this.#timeout = probability(faults.timeout ?? 0, 'timeout');
    this.#drop = probability(faults.dropResponse ?? 0, 'dropResponse');
    if (this.#timeout + this.#drop > 1) {
      throw new RangeError('timeout and dropResponse together must not exceed 1');
    }
    this.#cutDownload = probability(faults.cutDownload ?? 0, 'cutDownload');
    const failsToBoot = faults.failsToBoot ?? 0;
    this.#failsToBoot =
      typeof failsToBoot === 'number'
        ? probability(failsToBoot, 'failsToBoot')
        : new Set(failsToBoot);
    this.#random = random;
  }

  /** The next request's fault, if any. Draws nothing without faults, so they change no sequence. */
  next(): Fault | undefined {
    if (this.#timeout === 0 && this.#drop === 0) return undefined;
    const draw = this.#random();
    if (draw < this.#timeout) return 'timeout';
    return draw < this.#timeout + this.#drop ? 'drop' : undefined;
  }

  /**
   * For a download request of `bytes`: after how many of them the connection drops (fewer than
   * `bytes`), or undefined when it does not. Draws nothing without the fault.
   */
  cutAfter(bytes: number): number | undefined {
    if (this.#cutDownload === 0 || this.#random() >= this.#cutDownload) return undefined;
    return Math.floor(this.#random() * bytes);
  }

  /** Whether `version`, just installed, fails to boot on this gadget. */
  failsToBoot(version: string): boolean {
    if (typeof this.#failsToBoot !== 'number') return this.#failsToBoot.has(version);
    return this.#failsToBoot > 0 && this.#random() < this.#failsToBoot;
  }
}

function probability(value: number, name: string): number {
  if (!(value >= 0 && value <= 1)) {
    throw new RangeError(`${name} must be a probability from 0 to 1, not ${String(value)}`);
  }
  return value;
}
