/** Faults a gadget suffers on purpose, so tests and fleets see what real networks do. */
export interface GadgetFaults {
  /** Probability per request that the response is lost after the backend handled it (the gadget retries the same body). */
  readonly dropResponse?: number;
  /** Probability per request that it times out before an answer (aborted; retried the same way). */
  readonly timeout?: number;
  /** The gadget's clock is off by this many ms (readings' ts); keep within ingest's ±5 min window. */
  readonly clockSkewMs?: number;
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
  readonly #random: () => number;

  constructor(faults: GadgetFaults, random: () => number) {
    this.#timeout = probability(faults.timeout ?? 0, 'timeout');
    this.#drop = probability(faults.dropResponse ?? 0, 'dropResponse');
    if (this.#timeout + this.#drop > 1) {
      throw new RangeError('timeout and dropResponse together must not exceed 1');
    }
    this.#random = random;
  }

  /** The next request's fault, if any. Draws nothing without faults, so they change no sequence. */
  next(): Fault | undefined {
    if (this.#timeout === 0 && this.#drop === 0) return undefined;
    const draw = this.#random();
    if (draw < this.#timeout) return 'timeout';
    return draw < this.#timeout + this.#drop ? 'drop' : undefined;
  }
}

function probability(value: number, name: string): number {
  if (!(value >= 0 && value <= 1)) {
    throw new RangeError(`${name} must be a probability from 0 to 1, not ${String(value)}`);
  }
  return value;
}
