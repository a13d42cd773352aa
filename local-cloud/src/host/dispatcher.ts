import type { CloudEventEnvelope } from './protocol.ts';

/** Test switches for event delivery: the at-least-once, unordered world functions must survive. */
export interface DeliverySwitches {
  /** Deliver every event a second time (same id) after the first delivery settles. */
  deliverTwice: boolean;
  /** Hold events and deliver them newest first when released (by `idle()` or a quiet spell). */
  reverseOrder: boolean;
  /** Wait this long before each delivery. */
  delayMs: number;
}

export interface RetryPolicy {
  /** Deliveries in all, the first included, for functions that declare `retry`. */
  readonly maxAttempts: number;
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
}

export interface Delivery {
  readonly functionName: string;
  readonly event: CloudEventEnvelope;
  readonly encodeFirestore: boolean;
  readonly retry: boolean;
}

export interface DeliveryLog {
  delivered(delivery: Delivery, attempt: number): void;
  failed(delivery: Delivery, attempt: number, error: Error, willRetry: boolean): void;
}

type Invoke = (delivery: Delivery) => Promise<void>;

const DEFAULT_SWITCHES: DeliverySwitches = { deliverTwice: false, reverseOrder: false, delayMs: 0 };
/** How long held (reversed) events wait for more to arrive before they are released anyway. */
const HOLD_QUIET_MS = 100;

/**
 * Delivers events asynchronously, never inside the write that caused them: each delivery starts on
 * a later turn of the event loop. Failed deliveries are retried with jittered exponential backoff
 * only when the function declares `retry`, up to a bound, and what is given up on is logged.
 */
export class EventDispatcher {
  #switches: DeliverySwitches = { ...DEFAULT_SWITCHES };
  #held: Delivery[] = [];
  #holdTimer: NodeJS.Timeout | undefined;
  #inFlight = 0;
  readonly #running = new Set<Delivery>();
  #waiters: (() => void)[] = [];
  #stopped = false;
  readonly #invoke: Invoke;
  readonly #retry: RetryPolicy;
  readonly #log: DeliveryLog;

  constructor(invoke: Invoke, retry: RetryPolicy, log: DeliveryLog) {
    this.#invoke = invoke;
    this.#retry = retry;
    this.#log = log;
  }

  get switches(): DeliverySwitches {
    return { ...this.#switches };
  }

  configure(switches: Partial<DeliverySwitches>): void {
    this.#switches = { ...this.#switches, ...switches };
    if (!this.#switches.reverseOrder) this.#release();
  }

  /** The events being delivered (or waiting out a delay or a retry's backoff) and those held. */
  get pending(): { readonly running: readonly Delivery[]; readonly held: readonly Delivery[] } {
    return { running: [...this.#running], held: [...this.#held] };
  }

  resetSwitches(): void {
    this.configure(DEFAULT_SWITCHES);
  }

  enqueue(delivery: Delivery): void {
    if (this.#stopped) return;
    if (this.#switches.reverseOrder) {
      this.#held.push(delivery);
      clearTimeout(this.#holdTimer);
      this.#holdTimer = setTimeout(() => {
        this.#release();
      }, HOLD_QUIET_MS);
      return;
    }
    this.#start(delivery);
  }

  /** Resolves when nothing is held, queued, in flight or waiting for a retry. */
  async idle(): Promise<void> {
    for (;;) {
      this.#release();
      if (this.#inFlight === 0) {
        // Let events caused by the last deliveries (written on the same turn) be enqueued first.
        await new Promise((resolve) => setImmediate(resolve));
        await new Promise((resolve) => setImmediate(resolve));
        if (this.#settled()) return;
        continue;
      }
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  #settled(): boolean {
    return this.#inFlight === 0 && this.#held.length === 0;
  }

  /** Drops held events and stops accepting new ones; in-flight deliveries finish. */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#holdTimer);
    this.#held = [];
  }

  /** Forgets held events (a reset of the backends makes them meaningless). */
  clear(): void {
    clearTimeout(this.#holdTimer);
    this.#held = [];
  }

  #release(): void {
    clearTimeout(this.#holdTimer);
    const held = this.#held.reverse();
    this.#held = [];
    for (const delivery of held) this.#start(delivery);
  }

  #start(delivery: Delivery): void {
    this.#inFlight++;
    this.#running.add(delivery);
    void this.#run(delivery).finally(() => {
      this.#inFlight--;
      this.#running.delete(delivery);
      if (this.#inFlight === 0) {
        for (const wake of this.#waiters.splice(0)) wake();
      }
    });
  }

  async #run(delivery: Delivery): Promise<void> {
    const times = this.#switches.deliverTwice ? 2 : 1;
    for (let i = 0; i < times; i++) await this.#deliverWithRetries(delivery);
  }

  async #deliverWithRetries(delivery: Delivery): Promise<void> {
    const attempts = delivery.retry ? this.#retry.maxAttempts : 1;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      await sleep(attempt === 1 ? Math.max(this.#switches.delayMs, 0) : this.#backoff(attempt));
      if (this.#stopped) return;
      try {
        await this.#invoke(delivery);
        this.#log.delivered(delivery, attempt);
        return;
      } catch (error) {
        const willRetry = attempt < attempts;
        this.#log.failed(delivery, attempt, asError(error), willRetry);
      }
    }
  }

  #backoff(attempt: number): number {
    const exponential = this.#retry.initialBackoffMs * 2 ** (attempt - 2);
    const capped = Math.min(exponential, this.#retry.maxBackoffMs);
    return capped / 2 + Math.random() * (capped / 2);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
