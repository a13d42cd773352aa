// The push outbox of a dev server left running: it keeps the latest messages, a bounded number.
import { describe, expect, it } from 'vitest';
import { KEEP_MESSAGES, Outbox } from './outbox.ts';

describe('the push outbox', () => {
  it('keeps the latest KEEP_MESSAGES messages, dropping the oldest first', () => {
    const outbox = new Outbox();
    outbox.scriptFailure({ token: 'token-1', code: 'registration-token-not-registered' });
    const sent = KEEP_MESSAGES + 7;
    for (let i = 0; i < sent; i++) outbox.send([{ token: `token-${String(i)}` }]);

    expect(outbox.messages).toHaveLength(KEEP_MESSAGES);
    expect(outbox.messages[0]?.message.token).toBe('token-7');
    expect(outbox.messages.at(-1)?.message.token).toBe(`token-${String(sent - 1)}`);
    // The failed send was among those dropped; the calls are still all counted.
    expect(outbox.delivered()).toHaveLength(KEEP_MESSAGES);
    expect(outbox.sendCalls).toBe(sent);
  });

  it('tells its listeners of every message, the dropped ones included', () => {
    const outbox = new Outbox();
    let heard = 0;
    outbox.onCapture(() => heard++);
    for (let i = 0; i <= KEEP_MESSAGES; i++) outbox.send([{ token: 't' }]);
    expect(heard).toBe(KEEP_MESSAGES + 1);
    expect(outbox.messages).toHaveLength(KEEP_MESSAGES);
  });
});
