import { describe, expect, it } from 'vitest';
import type { PushResult, PushTransport, TokenMessage } from '../../push/index.ts';
import { backoffMs, classify, sendChunk } from './sender.ts';

/** A transport answering from a script per token: a list of codes, then success. */
function scripted(script: Record<string, string[]>): PushTransport & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    calls,
    sendEach: (messages: readonly TokenMessage[]) => {
      calls.push(messages.map((m) => m.token));
      return Promise.resolve(
        messages.map((m): PushResult => {
          const code = script[m.token]?.shift();
          return code === undefined
            ? { success: true, messageId: 'id' }
            : { success: false, error: { code: `messaging/${code}`, message: code } };
        }),
      );
    },
  };
}

const outgoing = (tokens: string[]) => tokens.map((token) => ({ message: { token }, meta: token }));
const policy = { attempts: 3, baseDelayMs: 100, maxDelayMs: 10_000 };

describe('sendChunk', () => {
  it('retries only the transient failures, at most 3 tries in all', async () => {
    const transport = scripted({
      flaky: ['server-unavailable'],
      down: ['internal', 'internal', 'internal', 'internal'],
      dead: ['registration-token-not-registered'],
    });
    const waits: number[] = [];
    const outcome = await sendChunk(
      transport,
      outgoing(['ok', 'flaky', 'down', 'dead']),
      policy,
      (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    );
    expect(transport.calls).toEqual([['ok', 'flaky', 'down', 'dead'], ['flaky', 'down'], ['down']]);
    expect(outcome.sent.map((o) => o.meta).sort()).toEqual(['flaky', 'ok']);
    expect(outcome.failed.map((f) => [f.outgoing.meta, f.kind])).toEqual([
      ['dead', 'dead'],
      ['down', 'transient'],
    ]);
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeGreaterThanOrEqual(50);
    expect(waits[0]).toBeLessThanOrEqual(100);
    expect(waits[1]).toBeGreaterThanOrEqual(100);
    expect(waits[1]).toBeLessThanOrEqual(200);
  });

  it('honours a Retry-After longer than the backoff, within the cap', () => {
    expect(backoffMs(1, policy, 3000)).toBe(3000);
    expect(backoffMs(1, policy, 60_000)).toBe(10_000);
  });

  it('classifies FCM codes with or without the messaging/ prefix', () => {
    const result = (code: string): PushResult => ({ success: false, error: { code, message: '' } });
    expect(classify(result('messaging/mismatched-credential'))).toBe('dead');
    expect(classify(result('invalid-registration-token'))).toBe('dead');
    expect(classify(result('messaging/invalid-argument'))).toBe('invalid-argument');
    expect(classify(result('messaging/quota-exceeded'))).toBe('quota');
    expect(classify(result('messaging/message-rate-exceeded'))).toBe('quota');
    expect(classify(result('messaging/server-unavailable'))).toBe('transient');
    expect(classify(result('messaging/third-party-auth-error'))).toBe('other');
  });
});
