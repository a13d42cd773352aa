import { status as grpcStatus } from '@grpc/grpc-js';
import { initializeTestEnvironment } from '@firebase/rules-unit-testing';
import { describe, expect, it } from 'vitest';
import { recorded, useFixtureCloud } from './fixture-cloud.ts';
import type { FixtureCloud } from './fixture-cloud.ts';
import { controlRequest } from './control-client.ts';

let t: FixtureCloud;

useFixtureCloud((cloud) => {
  t = cloud;
});

const control = (method: string, path: string, body?: unknown) =>
  controlRequest(t.controlUrl, method, path, body);

/** Puts something in every backend and the outbox. */
async function fillEverything(): Promise<void> {
  await t.firestore.doc('things/one').set({ a: 1 });
  await t.signUp({ email: 'filled@gadget.test' });
  await t.upload('files/one.txt', Buffer.from('one'), 'text/plain');
  await control('POST', '/outbox/send', { messages: [{ token: 'tok' }] });
  await t.idle();
}

async function expectEverythingEmpty(): Promise<void> {
  expect((await t.firestore.collection('things').get()).size).toBe(0);
  expect((await t.firestore.collection('deliveries').get()).size).toBe(0);
  expect((await t.auth.listUsers()).users).toEqual([]);
  const [files] = await t.bucket.getFiles();
  expect(files).toEqual([]);
  expect(t.outbox.messages).toEqual([]);
  expect(t.cloud.deliveries).toEqual([]);
}

describe('GET /health', () => {
  it('reports the project, the ports and the functions', async () => {
    const { status, body } = await control('GET', '/health');
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', projectId: t.projectId, ports: t.cloud.ports });
    expect((body as { functions: string[] }).functions).toEqual(
      expect.arrayContaining(['tick', 'hello', 'whoami', 'flaky']),
    );
  });
});

describe('GET /emulators', () => {
  it('lists every service as the Emulator Suite hub does, so firebase tooling finds them', async () => {
    const { status, body } = await control('GET', '/emulators');
    expect(status).toBe(200);
    const host = '127.0.0.1';
    const p = t.cloud.ports;
    expect(body).toEqual({
      hub: { name: 'hub', host, port: p.control },
      firestore: { name: 'firestore', host, port: p.firestore },
      auth: { name: 'auth', host, port: p.auth },
      storage: { name: 'storage', host, port: p.storage },
      functions: { name: 'functions', host, port: p.functions },
      scheduler: { name: 'scheduler', host, port: p.scheduler },
    });
    const env = await initializeTestEnvironment({
      projectId: 'demo-hub-discovery',
      hub: { host, port: p.control },
    });
    try {
      expect(env.emulators.firestore).toEqual({ host, port: p.firestore });
      expect(env.emulators.storage).toEqual({ host, port: p.storage });
    } finally {
      await env.cleanup();
    }
  });
});

describe('reset', () => {
  it('empties Firestore, Auth, Storage and the outbox through reset()', async () => {
    await fillEverything();
    expect((await t.auth.listUsers()).users).toHaveLength(1);
    expect(t.outbox.messages).toHaveLength(1);

    await t.reset();
    await expectEverythingEmpty();
  });

  it('empties everything through POST /reset', async () => {
    await fillEverything();

    expect(await control('POST', '/reset')).toEqual({ status: 200, body: { ok: true } });
    await expectEverythingEmpty();
  });

  it('clears injected Firestore faults', async () => {
    t.cloud.firestoreServer.failNext('Commit', grpcStatus.INTERNAL, 1);
    await t.reset();

    // INTERNAL is not retried by the SDK on Commit, so a fault left behind would fail this write.
    await expect(t.firestore.doc('afterReset/x').set({ a: 1 })).resolves.toBeDefined();
  });

  it('clears delivery switches', async () => {
    t.cloud.configureDelivery({ deliverTwice: true, delayMs: 50 });
    await t.reset();
    await t.firestore.doc('items/plain').set({ n: 1 });
    await t.idle();
    expect(await recorded(t, 'onItemCreated')).toHaveLength(1);
  });

  it('leaves the functions running', async () => {
    await t.reset();
    await t.firestore.doc('items/after-reset').set({ n: 1 });
    await t.idle();
    expect(await recorded(t, 'onItemCreated')).toHaveLength(1);
  });
});

describe('the push outbox', () => {
  it('captures sends, answering scripted failures per token and success otherwise', async () => {
    expect(
      await control('POST', '/outbox/failures', {
        token: 'dead-token',
        code: 'registration-token-not-registered',
      }),
    ).toEqual({ status: 200, body: { ok: true } });

    const sent = await control('POST', '/outbox/send', {
      messages: [
        { token: 'live-token', notification: { title: 'hi' } },
        { token: 'dead-token', notification: { title: 'hi' } },
      ],
    });
    expect(sent.status).toBe(200);
    const { responses } = sent.body as {
      responses: { success: boolean; messageId?: string; error?: { code: string } }[];
    };
    expect(responses[0]).toMatchObject({ success: true, messageId: expect.any(String) as unknown });
    expect(responses[1]).toEqual({
      success: false,
      error: {
        code: 'messaging/registration-token-not-registered',
        message: expect.any(String) as unknown,
      },
    });

    const outbox = await control('GET', '/outbox');
    expect(outbox.status).toBe(200);
    const captured = outbox.body as {
      sendCalls: number;
      messages: { message: { token: string; notification: unknown }; result: unknown }[];
    };
    expect(captured.sendCalls).toBe(1);
    expect(captured.messages.map((entry) => entry.message)).toEqual([
      { token: 'live-token', notification: { title: 'hi' } },
      { token: 'dead-token', notification: { title: 'hi' } },
    ]);
    expect(t.outbox.delivered().map((message) => message.token)).toEqual(['live-token']);
  });

  it('fails a token only as many times as scripted', async () => {
    await control('POST', '/outbox/failures', { token: 'flaky-token', code: 'internal', times: 1 });
    const send = () => control('POST', '/outbox/send', { messages: [{ token: 'flaky-token' }] });

    expect((await send()).body).toMatchObject({ responses: [{ success: false }] });
    expect((await send()).body).toMatchObject({ responses: [{ success: true }] });
  });

  it('is emptied by DELETE /outbox, scripted failures included', async () => {
    await control('POST', '/outbox/failures', { token: 'dead', code: 'invalid-argument' });
    await control('POST', '/outbox/send', { messages: [{ token: 'dead' }] });

    expect(await control('DELETE', '/outbox')).toEqual({ status: 200, body: { ok: true } });
    expect((await control('GET', '/outbox')).body).toEqual({
      sendCalls: 0,
      messages: [],
      failures: [],
    });
    expect(
      (await control('POST', '/outbox/send', { messages: [{ token: 'dead' }] })).body,
    ).toMatchObject({ responses: [{ success: true }] });
  });

  it('refuses malformed requests', async () => {
    expect((await control('POST', '/outbox/failures', { token: 'x' })).status).toBe(400);
    expect((await control('POST', '/outbox/send', { messages: [{ notoken: 1 }] })).status).toBe(
      400,
    );
    expect((await control('POST', '/outbox/send', {})).status).toBe(400);
    const tooMany = Array.from({ length: 501 }, (_, i) => ({ token: `t${String(i)}` }));
    expect((await control('POST', '/outbox/send', { messages: tooMany })).status).toBe(400);
  });

  it('is where the functions’ outbox URL leads', async () => {
    const result = await t.call<{ responses: { success: boolean }[] }>('pushViaOutbox', {
      tokens: ['from-function'],
    });
    expect(result.responses).toEqual([expect.objectContaining({ success: true })]);
    expect(t.outbox.messages.map((entry) => entry.message)).toEqual([
      { token: 'from-function', data: { kind: 'test' } },
    ]);
  });
});

describe('schedules', () => {
  it('run on demand through runSchedule() with the given schedule time', async () => {
    const scheduleTime = new Date('2030-01-02T03:04:05.000Z');
    await t.runSchedule('tick', scheduleTime);

    const ticks = await recorded(t, 'tick');
    expect(ticks).toHaveLength(1);
    expect(ticks[0]?.summary).toEqual({ scheduleTime: scheduleTime.toISOString() });
  });

  it('run through POST /schedules/{name}:run', async () => {
    expect(await control('POST', '/schedules/tick:run')).toEqual({
      status: 200,
      body: { ok: true },
    });
    expect(await recorded(t, 'tick')).toHaveLength(1);
  });

  it('refuse what is not a scheduled function', async () => {
    await expect(t.runSchedule('hello')).rejects.toThrow(/not a scheduled function/);
    await expect(t.runSchedule('noSuchFunction')).rejects.toThrow(/not a scheduled function/);

    const { status, body } = await control('POST', '/schedules/hello:run');
    expect(status).toBe(404);
    expect(body).toMatchObject({ ok: false, error: expect.stringContaining('hello') as unknown });
  });
});

describe('GET /ops', () => {
  it('counts Firestore operations until DELETE /ops resets them', async () => {
    expect(await control('DELETE', '/ops')).toEqual({ status: 200, body: { ok: true } });
    await t.firestore.doc('opsCheck/a').set({ n: 1 });
    await t.firestore.doc('opsCheck/b').set({ n: 2 });
    await t.firestore.doc('opsCheck/a').get();

    const ops = await control('GET', '/ops');
    expect(ops.status).toBe(200);
    expect(ops.body).toMatchObject({ reads: 1, writes: 2 });
    expect(ops.body).toEqual(t.ops());

    await control('DELETE', '/ops');
    expect((await control('GET', '/ops')).body).toMatchObject({ reads: 0, writes: 0 });
  });
});

describe('unknown routes', () => {
  it('answer 404 with the route named', async () => {
    const { status, body } = await control('GET', '/nope');
    expect(status).toBe(404);
    expect(body).toEqual({ error: { message: 'No route GET /nope' } });
  });
});
