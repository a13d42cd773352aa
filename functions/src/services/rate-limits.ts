import { Timestamp } from 'firebase-admin/firestore';
import type { DocumentReference, Transaction } from 'firebase-admin/firestore';
import { COLLECTIONS } from '@gadget/shared';
import { db } from '../admin.ts';
import { resourceExhausted } from '../errors.ts';

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

/**
 * The same check inside the caller's transaction, so the call is counted exactly when its work
 * commits and parallel calls cannot all pass a check made before any of them counted. Call it after
 * the transaction's other reads (it reads the window, then writes it).
 */
export async function consumeRateLimitInTransaction(
  transaction: Transaction,
  rule: RateLimit,
  now: Date,
  message = 'Too many requests. Try again later.',
): Promise<RateLimitState> {
  const ref = limitRef(rule);
  const state = readWindow((await transaction.get(ref)).data(), rule, now);
  if (state.count >= rule.limit) {
    throw resourceExhausted(message, { retryAfterSeconds: Math.ceil(state.retryAfterMs / 1000) });
  }
  return countOne(transaction, ref, state, rule);
}

/** Counts an event against a limit without refusing (e.g. a failed attempt), outside a check. */
export async function recordRateLimitHit(rule: RateLimit, now: Date = new Date()): Promise<void> {
  const ref = limitRef(rule);
  await db().runTransaction(async (transaction) => {
    countOne(transaction, ref, readWindow((await transaction.get(ref)).data(), rule, now), rule);
  });
}

/** Whether a limit is already reached, without counting anything. */
export async function isRateLimited(
  rule: RateLimit,
  now: Date = new Date(),
): Promise<RateLimitState | null> {
  const state = readWindow((await limitRef(rule).get()).data(), rule, now);
  return state.count >= rule.limit ? state : null;
}

function limitRef(rule: RateLimit): DocumentReference {
  return db().collection(COLLECTIONS.rateLimits).doc(encodeKey(rule.key));
}

/**
 * Writes the window with this call counted, whole: the count comes from the state read in the same
 * transaction (an increment inside set() would start from nothing, as set() replaces the document).
 */
function countOne(
  transaction: Transaction,
  ref: DocumentReference,
  state: RateLimitState,
  rule: RateLimit,
): RateLimitState {
  const windowEnd = new Date(state.windowStart.getTime() + rule.windowMs);
  transaction.set(ref, {
    count: state.count + 1,
    windowStart: Timestamp.fromDate(state.windowStart),
    expireAt: Timestamp.fromDate(windowEnd),
  });
  return { ...state, count: state.count + 1 };
}

function readWindow(
  data: Record<string, unknown> | undefined,
  rule: RateLimit,
  now: Date,
): RateLimitState {
  const start = data?.windowStart instanceof Timestamp ? data.windowStart.toDate() : undefined;
  if (start === undefined || now.getTime() - start.getTime() >= rule.windowMs) {
    return { count: 0, windowStart: now, retryAfterMs: 0 };
  }
  const count = typeof data?.count === 'number' ? data.count : 0;
  return {
    count,
    windowStart: start,
    retryAfterMs: start.getTime() + rule.windowMs - now.getTime(),
  };
}

/** Document ids may not contain '/'; keys such as `export:{uid}` are safe once encoded. */
function encodeKey(key: string): string {
  return encodeURIComponent(key);
}
