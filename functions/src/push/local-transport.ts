import type { PushResult, PushTransport, TokenMessage } from './transport.ts';

/** Posts messages to local-cloud's outbox, which answers per token like FCM's sendEach. */
export function localTransport(outboxUrl: string): PushTransport {
  return {
    async sendEach(messages: readonly TokenMessage[]): Promise<PushResult[]> {
      const response = await fetch(outboxUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ messages }),
      });
      if (!response.ok) {
        throw new Error(`local-cloud outbox answered ${response.status}: ${await response.text()}`);
      }
      const body = (await response.json()) as { responses: PushResult[] };
      return body.responses;
    },
  };
}
