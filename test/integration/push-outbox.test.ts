// The push seam's local transport against local-cloud's outbox: what the fan-out code will rely on
// to tell delivered, dead and failing tokens apart without FCM.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLocalCloud } from '@gadget/local-cloud';
import type { LocalCloud } from '@gadget/local-cloud';
import { localTransport } from '../../functions/src/push/local-transport.ts';
import { pushTransport } from '../../functions/src/push/index.ts';
import { fcmTransport } from '../../functions/src/push/fcm-transport.ts';

let cloud: LocalCloud;
let outboxUrl: string;

beforeAll(async () => {
  cloud = await startLocalCloud({ logs: 'silent' });
  outboxUrl = `http://${cloud.host}:${String(cloud.ports.control)}/outbox/send`;
});
afterAll(async () => {
  await cloud.stop();
});
beforeEach(async () => {
  await cloud.reset();
});

describe('the local push transport', () => {
  it('answers per message, in order, with scripted FCM errors for the tokens they name', async () => {
    const scripted = await fetch(
      `http://${cloud.host}:${String(cloud.ports.control)}/outbox/failures`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: 'dead-token', code: 'registration-token-not-registered' }),
      },
    );
    expect(scripted.status).toBe(200);
    const results = await localTransport(outboxUrl).sendEach([
      { token: 'live-token', notification: { title: 'Hi' } },
      { token: 'dead-token', notification: { title: 'Hi' } },
    ]);
    expect(results[0]).toMatchObject({ success: true });
    expect(results[1]).toMatchObject({
      success: false,
      error: { code: 'messaging/registration-token-not-registered' },
    });
    expect(cloud.outbox.delivered().map((m) => m.token)).toEqual(['live-token']);
    expect(cloud.outbox.sendCalls).toBe(1);
  });

  it('fails a scripted number of times, then delivers (transient errors)', async () => {
    cloud.outbox.scriptFailure({ token: 'flaky', code: 'server-unavailable', times: 2 });
    const transport = localTransport(outboxUrl);
    const outcomes = [];
    for (let i = 0; i < 3; i++)
      outcomes.push(
        (await transport.sendEach([{ token: 'flaky', data: { n: String(i) } }]))[0]?.success,
      );
    expect(outcomes).toEqual([false, false, true]);
  });

  it('refuses more than 500 messages in one call, as sendEach does', async () => {
    const messages = Array.from({ length: 501 }, (_, i) => ({ token: `t${String(i)}` }));
    await expect(localTransport(outboxUrl).sendEach(messages)).rejects.toThrow(/at most 500/);
    expect(cloud.outbox.messages).toHaveLength(0);
  });
});

describe('pushTransport()', () => {
  it('uses FCM unless local-cloud says where its outbox is', () => {
    const saved = process.env.LOCAL_CLOUD_OUTBOX_URL;
    try {
      delete process.env.LOCAL_CLOUD_OUTBOX_URL;
      expect(pushTransport()).toBe(fcmTransport);
      process.env.LOCAL_CLOUD_OUTBOX_URL = outboxUrl;
      expect(pushTransport()).not.toBe(fcmTransport);
    } finally {
      if (saved === undefined) delete process.env.LOCAL_CLOUD_OUTBOX_URL;
      else process.env.LOCAL_CLOUD_OUTBOX_URL = saved;
    }
  });
});
