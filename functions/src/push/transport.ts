import type { Message } from 'firebase-admin/messaging';

/** One token's outcome, in the shape of firebase-admin's SendResponse. */
export interface PushResult {
  readonly success: boolean;
  readonly messageId?: string;
  readonly error?: { readonly code: string; readonly message: string };
}

/** A single-token message; fan-out sends one per token so results map to tokens one to one. */
export type TokenMessage = Message & { readonly token: string };

/**
 * The one seam in product code (FCM has no emulator): production sends through firebase-admin's
 * messaging, local-cloud captures messages in its outbox. Both answer per message, in order.
 */
export interface PushTransport {
  sendEach(messages: readonly TokenMessage[]): Promise<PushResult[]>;
}

/** FCM accepts at most this many messages per sendEach call. */
export const MAX_MESSAGES_PER_SEND = 500;
