/**
 * Captures the push messages the functions send while running on local-cloud (FCM has no emulator),
 * and answers each token with success or a scripted FCM error, so fan-out and token pruning can be
 * tested end to end.
 */

/** One message for one token, as the functions' local transport posts it (FCM's Message shape). */
export interface OutboxMessage {
  readonly token: string;
  readonly [field: string]: unknown;
}

export interface SendResult {
  readonly success: boolean;
  readonly messageId?: string;
  readonly error?: { code: string; message: string };
}

export interface CapturedMessage {
  readonly message: OutboxMessage;
  readonly sentAt: string;
  readonly result: SendResult;
}

export interface ScriptedFailure {
  readonly token: string;
  /** An FCM error code, with or without the `messaging/` prefix. */
  readonly code: string;
  /** How many sends to this token fail; every send until cleared when absent. */
  readonly times?: number;
}

/** FCM answers at most 500 messages per sendEach call. */
export const MAX_MESSAGES_PER_SEND = 500;

/**
 * The messages kept: the latest 5,000, so a dev server left running all day stays bounded. A test
 * reads its own, far fewer (the largest fan-out tested is 1,200).
 */
export const KEEP_MESSAGES = 5_000;

export class Outbox {
  #captured: CapturedMessage[] = [];
  #failures = new Map<string, { code: string; remaining: number }>();
  #sendCalls = 0;
  #nextId = 1;
  readonly #listeners = new Set<(captured: CapturedMessage) => void>();

  /** Told of every message captured, as it is. */
  onCapture(listener: (captured: CapturedMessage) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The latest KEEP_MESSAGES captured, oldest first. */
  get messages(): readonly CapturedMessage[] {
    return this.#captured;
  }

  /** Calls of `send`, i.e. of the transport's sendEach: how the functions chunk their fan-out. */
  get sendCalls(): number {
    return this.#sendCalls;
  }

  /** Only successful deliveries: what would have reached a phone. */
  delivered(): OutboxMessage[] {
    return this.#captured.filter((entry) => entry.result.success).map((entry) => entry.message);
  }

  /** The failures still scripted, per token. */
  get failures(): readonly { token: string; code: string; remaining: number | null }[] {
    return [...this.#failures].map(([token, f]) => ({
      token,
      code: f.code,
      remaining: Number.isFinite(f.remaining) ? f.remaining : null,
    }));
  }

  scriptFailure(failure: ScriptedFailure): void {
    const code = failure.code.startsWith('messaging/') ? failure.code : `messaging/${failure.code}`;
    this.#failures.set(failure.token, {
      code,
      remaining: failure.times ?? Number.POSITIVE_INFINITY,
    });
  }

  send(messages: readonly OutboxMessage[]): SendResult[] {
    if (messages.length > MAX_MESSAGES_PER_SEND) {
      throw new RangeError(
        `sendEach takes at most ${MAX_MESSAGES_PER_SEND} messages, got ${messages.length}`,
      );
    }
    this.#sendCalls++;
    return messages.map((message) => {
      const result = this.#resultFor(message.token);
      const captured = { message, sentAt: new Date().toISOString(), result };
      this.#captured.push(captured);
      if (this.#captured.length > KEEP_MESSAGES) this.#captured.shift();
      for (const listener of this.#listeners) listener(captured);
      return result;
    });
  }

  clear(): void {
    this.#captured = [];
    this.#failures.clear();
    this.#sendCalls = 0;
  }

  #resultFor(token: string): SendResult {
    const failure = this.#failures.get(token);
    if (failure !== undefined && failure.remaining > 0) {
      failure.remaining--;
      return {
        success: false,
        error: { code: failure.code, message: `Scripted failure: ${failure.code}` },
      };
    }
    return { success: true, messageId: `projects/local/messages/${this.#nextId++}` };
  }
}
