import { randomBytes } from 'node:crypto';
import { aborted, invalid } from './errors.ts';

/**
 * Read-write transactions take a lock on every document they read or write, as production's
 * pessimistic concurrency does. Locks are exclusive and granted oldest-first; conflicts are
 * resolved by wound-wait: an older transaction aborts (wounds) a younger holder, a younger one
 * waits. A retried transaction keeps the age of the attempt it retries, so it eventually wins.
 * Writes outside transactions do not wait; a transaction whose read documents changed since it
 * read them fails its commit with ABORTED, and the SDK retries it.
 */
export interface Transaction {
  id: string;
  database: string;
  readOnly: boolean;
  /** snapshot time of a read-only transaction */
  readMicros: number | undefined;
  age: number;
  locks: Set<string>;
  /** path -> update time seen by the first read (0 when missing) */
  readVersions: Map<string, number>;
  lastActiveMs: number;
  startedMs: number;
  abortReason: string | undefined;
  expired: boolean;
  waiting: Waiter | undefined;
}

interface Waiter {
  tx: Transaction;
  key: string;
  resolve: () => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout | undefined;
}

interface LockState {
  holder: Transaction | undefined;
  waiters: Waiter[];
}

export interface TransactionTimeouts {
  /** idle time after which an abandoned transaction expires (production: 60 s) */
  idleMs: number;
  /** longest lifetime of a transaction (production: 270 s) */
  maxMs: number;
}

const EXPIRED = 'The referenced transaction has expired or is no longer valid.';

export class TransactionManager {
  private readonly txs = new Map<string, Transaction>();
  private readonly locks = new Map<string, LockState>();
  /** ids of finished attempts -> their age, so retries inherit it */
  private readonly finishedAges = new Map<string, number>();
  private nextAge = 1;
  private readonly timeouts: TransactionTimeouts;

  constructor(timeouts: TransactionTimeouts) {
    this.timeouts = timeouts;
  }

  begin(
    database: string,
    readOnly: boolean,
    readMicros: number | undefined,
    retryOf?: Uint8Array,
  ): Transaction {
    const retried = retryOf
      ? this.finishedAges.get(Buffer.from(retryOf).toString('hex'))
      : undefined;
    const now = Date.now();
    const tx: Transaction = {
      id: randomBytes(12).toString('hex'),
      database,
      readOnly,
      readMicros,
      age: retried ?? this.nextAge++,
      locks: new Set(),
      readVersions: new Map(),
      lastActiveMs: now,
      startedMs: now,
      abortReason: undefined,
      expired: false,
      waiting: undefined,
    };
    this.txs.set(tx.id, tx);
    return tx;
  }

  /** Looks up a live transaction of `database`; throws as production does for stale ids. */
  get(id: Uint8Array, database: string): Transaction {
    const tx = this.txs.get(Buffer.from(id).toString('hex'));
    if (!tx || tx.database !== database) throw invalid(EXPIRED);
    this.expireIfStale(tx);
    if (tx.expired) throw invalid(EXPIRED);
    if (tx.abortReason !== undefined) throw aborted(tx.abortReason);
    tx.lastActiveMs = Date.now();
    return tx;
  }

  /** Ends a transaction (commit or rollback) and releases its locks. */
  finish(tx: Transaction): void {
    this.release(tx);
    this.txs.delete(tx.id);
    this.finishedAges.set(tx.id, tx.age);
    if (this.finishedAges.size > 10_000) {
      const oldest = this.finishedAges.keys().next().value;
      if (oldest !== undefined) this.finishedAges.delete(oldest);
    }
  }

  async lock(tx: Transaction, key: string): Promise<void> {
    for (;;) {
      if (tx.abortReason !== undefined) throw aborted(tx.abortReason);
      if (tx.expired) throw invalid(EXPIRED);
      let state = this.locks.get(key);
      if (!state) {
        state = { holder: undefined, waiters: [] };
        this.locks.set(key, state);
      }
      const holder = state.holder;
      if (!holder) {
        state.holder = tx;
        tx.locks.add(key);
        return;
      }
      if (holder === tx) return;
      this.expireIfStale(holder);
      if (holder.expired) continue;
      if (tx.age < holder.age) {
        this.wound(
          holder,
          'Transaction lock timeout: aborted by an older conflicting transaction.',
        );
        continue;
      }
      await this.wait(tx, key, state, holder);
    }
  }

  private wait(tx: Transaction, key: string, state: LockState, holder: Transaction): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { tx, key, resolve, reject, timer: undefined };
      const recheck = (): void => {
        this.expireIfStale(holder);
        if (holder.expired || state.holder !== holder) {
          this.dropWaiter(waiter);
          resolve();
        } else {
          waiter.timer = setTimeout(recheck, this.msUntilStale(holder));
          waiter.timer.unref();
        }
      };
      waiter.timer = setTimeout(recheck, this.msUntilStale(holder));
      waiter.timer.unref();
      state.waiters.push(waiter);
      state.waiters.sort((a, b) => a.tx.age - b.tx.age);
      tx.waiting = waiter;
    });
  }

  private dropWaiter(w: Waiter): void {
    if (w.timer) clearTimeout(w.timer);
    const state = this.locks.get(w.key);
    if (state) state.waiters = state.waiters.filter((x) => x !== w);
    if (w.tx.waiting === w) w.tx.waiting = undefined;
  }

  private msUntilStale(tx: Transaction): number {
    const now = Date.now();
    return Math.max(
      5,
      Math.min(tx.lastActiveMs + this.timeouts.idleMs, tx.startedMs + this.timeouts.maxMs) -
        now +
        1,
    );
  }

  private expireIfStale(tx: Transaction): void {
    if (tx.expired) return;
    const now = Date.now();
    if (now - tx.lastActiveMs > this.timeouts.idleMs || now - tx.startedMs > this.timeouts.maxMs) {
      tx.expired = true;
      this.release(tx);
    }
  }

  private wound(tx: Transaction, reason: string): void {
    tx.abortReason = reason;
    const w = tx.waiting;
    if (w) {
      this.dropWaiter(w);
      w.reject(aborted(reason));
    }
    this.release(tx);
  }

  private release(tx: Transaction): void {
    for (const key of tx.locks) {
      const state = this.locks.get(key);
      if (!state || state.holder !== tx) continue;
      state.holder = undefined;
      const next = state.waiters.shift();
      if (next) {
        if (next.timer) clearTimeout(next.timer);
        next.tx.waiting = undefined;
        next.resolve();
      } else {
        this.locks.delete(key);
      }
    }
    tx.locks.clear();
  }

  /** Drops every transaction and lock, failing waiters (reset / stop). */
  clear(): void {
    for (const tx of this.txs.values()) this.wound(tx, 'The database was reset.');
    this.txs.clear();
    this.locks.clear();
  }
}
