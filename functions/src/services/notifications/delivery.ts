import type { PushTransport } from '../../push/index.ts';
import { chunksOf, sendChunk } from './sender.ts';
import type { ChunkOutcome, FailureClass, Outgoing, RetryPolicy } from './sender.ts';
import { deleteTokens } from './tokens.ts';
import type { ActiveToken } from './tokens.ts';

/** One message to one token, for one person's copy of a notification (`entryKey`). */
export interface Target {
  readonly token: ActiveToken;
  readonly entryKey: string;
}

export interface DeliveryReport {
  readonly sent: number;
  readonly failed: number;
  readonly pruned: number;
  /** FCM said the project is over its quota: the rest must be sent by a later invocation. */
  readonly quotaExceeded: boolean;
  readonly failures: Readonly<Partial<Record<FailureClass, number>>>;
}

export interface DeliveryOptions {
  readonly transport: PushTransport;
  readonly policy: RetryPolicy;
  /** Called after each chunk, before the next is sent: where what was sent is recorded. */
  readonly afterChunk?: (outcome: ChunkOutcome<Target>) => Promise<void>;
  /** Whether an earlier delivery already reached some token with this entry's message. */
  readonly succeededBefore?: (entryKey: string) => boolean;
}

/**
 * Sends in chunks of 500 and deletes the tokens FCM says are dead. `invalid-argument` is about the
 * message or the token; it condemns the token only when the same message reached other tokens.
 * After a quota error no further chunk is sent.
 */
export async function deliver(
  outgoing: readonly Outgoing<Target>[],
  options: DeliveryOptions,
): Promise<DeliveryReport> {
  let sent = 0;
  let failed = 0;
  let quotaExceeded = false;
  const failures: Partial<Record<FailureClass, number>> = {};
  const succeeded = new Set<string>();
  const dead: ActiveToken[] = [];
  const invalid: Target[] = [];

  for (const chunk of chunksOf(outgoing)) {
    const outcome = await sendChunk(options.transport, chunk, options.policy);
    await options.afterChunk?.(outcome);
    sent += outcome.sent.length;
    failed += outcome.failed.length;
    for (const { meta } of outcome.sent) succeeded.add(meta.entryKey);
    for (const failure of outcome.failed) {
      failures[failure.kind] = (failures[failure.kind] ?? 0) + 1;
      if (failure.kind === 'dead') dead.push(failure.outgoing.meta.token);
      if (failure.kind === 'invalid-argument') invalid.push(failure.outgoing.meta);
      if (failure.kind === 'quota') quotaExceeded = true;
    }
    if (quotaExceeded) break;
  }

  const condemned = invalid.filter(
    (target) =>
      succeeded.has(target.entryKey) || (options.succeededBefore?.(target.entryKey) ?? false),
  );
  const pruned = await deleteTokens([...dead, ...condemned.map((target) => target.token)]);
  return { sent, failed, pruned, quotaExceeded, failures };
}

/** Thrown so the trigger's retry sends the rest later; what was sent is already recorded. */
export class PushQuotaExceededError extends Error {
  constructor(notificationId: string) {
    super(`FCM quota exceeded while sending ${notificationId}; left for the retry`);
    this.name = 'PushQuotaExceededError';
  }
}
