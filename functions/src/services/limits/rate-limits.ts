import { createHash } from 'node:crypto';
import type { DocumentReference, Transaction } from 'firebase-admin/firestore';
import type { RateLimitCounter } from '@gadget/shared';
import { db } from '../../admin.ts';
import { documents } from '../../data/collections.ts';
import { resourceExhausted } from '../../errors.ts';

export interface RateLimit {
  /** What is limited and for whom, e.g. `claim-failures:{uid}`; becomes the document id. */
  readonly key: string;
  readonly limit: number;
  readonly windowMs: number;
}

export interface RateLimitState {
  readonly count: number;
  readonly windowStart: Date;
  readonly retryAfterMs: number;
}

/**
 * Fixed-window counters in `rateLimits/{key}`, with `expireAt` at the window's end for a TTL policy.
 * One transaction per check: reads the window, refuses when it is full, otherwise counts this call.
 */
export async function consumeRateLimit(
  rule: RateLimit,
  now: Date = new Date(),
  message = 'Too many requests. Try again later.',
): Promise<RateLimitState> {
  const ref = limitRef(rule);
  return db().runTransaction(async (transaction) => {
    const state = readWindow((await transaction.get(ref)).data(), rule, now);
    if (state.count >= rule.limit) {
      throw resourceExhausted(message, { retryAfterSeconds: Math.ceil(state.retryAfterMs / 1000) });
    }
    return countOne(transaction, ref, state, rule);
  });
}

/** A window read inside the caller's transaction, to be counted there or not. */
export interface LimitCheck {
  readonly ref: DocumentReference<Partial<RateLimitCounter>>;
  readonly rule: RateLimit;
  readonly state: RateLimitState;
}

/**
 * Reads a window inside the caller's transaction and refuses when it is full. Counting then happens
 * in that same transaction (`countInTransaction`), so parallel calls cannot all pass a check made
 * before any of them counted. Call it among the transaction's reads, before any write.
 */
export async function checkInTransaction(
  transaction: Transaction,
  rule: RateLimit,
  now: Date,
  message = 'Too many requests. Try again later.',
): Promise<LimitCheck> {
  const check = await readLimitInTransaction(transaction, rule, now);
  if (isFull(check)) {
    throw resourceExhausted(message, {
      retryAfterSeconds: Math.ceil(check.state.retryAfterMs / 1000),
    });
  }
  return check;
}

/** Reads a window inside the caller's transaction without refusing (for a quota with its own answer). */
export async function readLimitInTransaction(
  transaction: Transaction,
  rule: RateLimit,
  now: Date,
): Promise<LimitCheck> {
  const ref = limitRef(rule);
  return { ref, rule, state: readWindow((await transaction.get(ref)).data(), rule, now) };
}

export function isFull(check: LimitCheck): boolean {
  return check.state.count >= check.rule.limit;
}

/** Counts one call against a window read by `checkInTransaction` in the same transaction. */
export function countInTransaction(transaction: Transaction, check: LimitCheck): void {
  countOne(transaction, check.ref, check.state, check.rule);
}

/**
 * `checkInTransaction` for every rule, then `countInTransaction` for every rule (all reads before
 * any write, as transactions require): the call counts when its work commits.
 */
export async function consumeRateLimitsInTransaction(
  transaction: Transaction,
  rules: readonly RateLimit[],
  now: Date,
  message?: string,
): Promise<void> {
  const checks: LimitCheck[] = [];
  for (const rule of rules) checks.push(await checkInTransaction(transaction, rule, now, message));
  for (const check of checks) countInTransaction(transaction, check);
}

/**
 * A backstop for one callable across all accounts, for when many accounts attack at once. Sharded
 * by uid over SHARDS documents (each allowing `perMinute / SHARDS`), so no single document takes
 * every call's write.
 */
export function globalLimit(name: string, uid: string, perMinute: number): RateLimit {
  const shard = createHash('sha256').update(uid).digest().readUInt32BE(0) % GLOBAL_SHARDS;
  return {
    key: `global:${name}:${String(shard)}`,
    limit: Math.max(1, Math.ceil(perMinute / GLOBAL_SHARDS)),
    windowMs: 60_000,
  };
}

const GLOBAL_SHARDS = 10;

function limitRef(rule: RateLimit): DocumentReference<Partial<RateLimitCounter>> {
  return documents.rateLimitCounter(rule.key);
}

/**
 * Writes the window with this call counted, whole: the count comes from the state read in the same
 * transaction (an increment inside set() would start from nothing, as set() replaces the document).
 */
function countOne(
  transaction: Transaction,
  ref: DocumentReference<Partial<RateLimitCounter>>,
  state: RateLimitState,
  rule: RateLimit,
): RateLimitState {
  const windowEnd = new Date(state.windowStart.getTime() + rule.windowMs);
  transaction.set(ref, {
    count: state.count + 1,
    windowStart: state.windowStart,
    expireAt: windowEnd,
  });
  return { ...state, count: state.count + 1 };
}

function readWindow(
  counter: Partial<RateLimitCounter> | undefined,
  rule: RateLimit,
  now: Date,
): RateLimitState {
  const start = counter?.windowStart;
  if (start === undefined || now.getTime() - start.getTime() >= rule.windowMs) {
    return { count: 0, windowStart: now, retryAfterMs: 0 };
  }
  return {
    count: counter?.count ?? 0,
    windowStart: start,
    retryAfterMs: start.getTime() + rule.windowMs - now.getTime(),
  };
}
