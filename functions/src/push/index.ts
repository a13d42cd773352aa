import { localPushOutboxUrl } from '../config.ts';
import { fcmTransport } from './fcm-transport.ts';
import { localTransport } from './local-transport.ts';
import type { PushTransport } from './transport.ts';

export type { PushResult, PushTransport, TokenMessage } from './transport.ts';
export { MAX_MESSAGES_PER_SEND } from './transport.ts';

/** FCM in production; local-cloud's outbox when running there. Chosen per call, never at import. */
export function pushTransport(): PushTransport {
  const outboxUrl = localPushOutboxUrl();
  return outboxUrl === undefined ? fcmTransport : localTransport(outboxUrl);
}
