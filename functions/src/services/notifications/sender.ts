import type { PushResult, PushTransport, TokenMessage } from '../../push/index.ts';
import { MAX_MESSAGES_PER_SEND } from '../../push/index.ts';

/** The token is gone for good: delete it. */
const DEAD_TOKEN_CODES = new Set([
  'registration-token-not-registered',
  'invalid-registration-token',
  'mismatched-credential',
]);
/** FCM is briefly unwell: try again shortly. */
const TRANSIENT_CODES = new Set([
  'internal',
  'internal-error',
  'server-unavailable',
  'unavailable',
]);
/** The project is over its sending rate: only a later invocation can help. */
const QUOTA_CODES = new Set(['message-rate-exceeded', 'quota-exceeded']);

export type FailureClass = 'dead' | 'invalid-argument' | 'transient' | 'quota' | 'other';

export function errorCodeOf(result: PushResult): string {
  return (result.error?.code ?? 'unknown').replace(/^messaging\//, '');
}

export function classify(result: PushResult): FailureClass {
  const code = errorCodeOf(result);
  if (DEAD_TOKEN_CODES.has(code)) return 'dead';
  if (code === 'invalid-argument') return 'invalid-argument';
  if (TRANSIENT_CODES.has(code)) return 'transient';
  if (QUOTA_CODES.has(code)) return 'quota';
  return 'other';
}

export interface RetryPolicy {
  /** Tries in all for a transient failure, the first included. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  /** A longer Retry-After is not waited for in this invocation. */
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  attempts: 3,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
};

/** A message and whatever the caller needs to act on its outcome (its token, its notification). */
export interface Outgoing<T> {
  readonly message: TokenMessage;
  readonly meta: T;
}

export interface ChunkOutcome<T> {
  readonly sent: Outgoing<T>[];
  readonly failed: {
    readonly outgoing: Outgoing<T>;
    readonly kind: FailureClass;
    readonly code: string;
  }[];
}

export function chunksOf<T>(items: readonly T[], size = MAX_MESSAGES_PER_SEND): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/**
 * Sends one chunk (≤ 500) with `sendEach`, then again only the messages that failed transiently,
 * after a jittered exponential backoff (or the Retry-After FCM asked for, when it says one), up to
 * `attempts` tries. Everything else is final after the first answer.
 */
export async function sendChunk<T>(
  transport: PushTransport,
  chunk: readonly Outgoing<T>[],
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  sleep: (ms: number) => Promise<void> = defaultSleep,
): Promise<ChunkOutcome<T>> {
  const outcome: ChunkOutcome<T> = { sent: [], failed: [] };
  let pending = [...chunk];
  for (let attempt = 1; pending.length > 0; attempt++) {
    const results = await transport.sendEach(pending.map((outgoing) => outgoing.message));
    const retry: Outgoing<T>[] = [];
    let retryAfterMs = 0;
    pending.forEach((outgoing, index) => {
      const result: PushResult = results[index] ?? {
        success: false,
        error: { code: 'internal', message: 'no result for this message' },
      };
      if (result.success) {
        outcome.sent.push(outgoing);
        return;
      }
      const kind = classify(result);
      if (kind === 'transient' && attempt < policy.attempts) {
        retry.push(outgoing);
        retryAfterMs = Math.max(retryAfterMs, retryAfterOf(result));
        return;
      }
      outcome.failed.push({ outgoing, kind, code: errorCodeOf(result) });
    });
    pending = retry;
    if (pending.length > 0) await sleep(backoffMs(attempt, policy, retryAfterMs));
  }
  return outcome;
}

/** Jittered exponential backoff: half to all of base·2^(attempt−1), at least any Retry-After. */
export function backoffMs(attempt: number, policy: RetryPolicy, retryAfterMs = 0): number {
  const exponential = policy.baseDelayMs * 2 ** (attempt - 1);
  const jittered = exponential / 2 + Math.random() * (exponential / 2);
  return Math.min(Math.max(jittered, retryAfterMs), policy.maxDelayMs);
}

/**
 * A Retry-After in seconds, when the transport passes one along with the error (firebase-admin
 * already waits for it on 503s inside its HTTP client, so this is a second line).
 */
function retryAfterOf(result: PushResult): number {
  const seconds = (result.error as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  return typeof seconds === 'number' && seconds > 0 ? seconds * 1000 : 0;
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
