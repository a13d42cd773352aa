// WebChannel framing as the browser SDK's closure client speaks it, with raw HTTP requests against
// an echo Listen stream, so the transport is checked apart from the listener engine.
import type { AddressInfo } from 'node:net';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ALLOW_ALL } from '../../src/firestore/client/authorizer.ts';
import { FirestoreFrontend } from '../../src/firestore/client/frontend.ts';
import type { StreamSink } from '../../src/firestore/client/frontend.ts';
import type { ClientIdentity } from '../../src/firestore/client/identity.ts';
import { FirestoreEngine } from '../../src/firestore/data/engine.ts';
import { RpcError } from '../../src/firestore/data/errors.ts';
import { FaultInjector } from '../../src/firestore/faults.ts';
import { FirestoreHttp } from '../../src/firestore/http/firestore-http.ts';
import { channelUrl, chunks, form } from './webchannel-client.ts';

const DB = 'projects/demo-wc/databases/(default)';

let http: FirestoreHttp;
let base: string;
const opened: { identity: ClientIdentity; received: object[]; cancelled: boolean }[] = [];

/**
 * Echoes each AddTarget as a TargetChange ADD; removeTarget 99 ends the stream with
 * PERMISSION_DENIED and 98 ends it cleanly.
 */
function echo(identity: ClientIdentity, sink: StreamSink) {
  const record = { identity, received: [] as object[], cancelled: false };
  opened.push(record);
  return {
    receive(message: object) {
      record.received.push(message);
      const m = message as { addTarget?: { targetId?: number }; removeTarget?: number };
      if (m.removeTarget === 99) sink.close(new RpcError(status.PERMISSION_DENIED, 'Denied.'));
      else if (m.removeTarget === 98) sink.close();
      else
        sink.send({
          targetChange: { targetChangeType: 'ADD', targetIds: [m.addTarget?.targetId ?? 0] },
        });
    },
    cancel() {
      record.cancelled = true;
    },
  };
}

beforeAll(async () => {
  const frontend = new FirestoreFrontend(
    new FirestoreEngine({ indexes: [], fieldOverrides: [] }, false, {
      idleMs: 60_000,
      maxMs: 270_000,
    }),
    new FaultInjector(),
    ALLOW_ALL,
  );
  frontend.serveStream('Listen', echo);
  http = new FirestoreHttp(frontend, {
    maxBodyBytes: 1024 * 1024,
    webChannel: { keepaliveMs: 20, idleMs: 1000 },
  });
  await new Promise<void>((resolve) => http.server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${String((http.server.address() as AddressInfo).port)}`;
});
afterAll(async () => {
  http.close();
  await new Promise((resolve) => http.server.close(resolve));
});
beforeEach(() => {
  opened.length = 0;
});

const addTarget = (targetId: number) =>
  JSON.stringify({ database: DB, addTarget: { targetId, documents: { documents: [] } } });

function url(params: Record<string, string>): string {
  return channelUrl(base, 'Listen', DB, params);
}

async function handshake(messages: string[], headers?: string): Promise<string> {
  const res = await fetch(url({ RID: '1000', CVER: '22', 'X-HTTP-Session-Id': 'gsessionid' }), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form(messages, 0, headers),
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('x-http-session-id')).toBeTruthy();
  const [first] = chunks(await res.text()) as [[number, [string, string, string, number]]][];
  expect(first?.[0]?.[1]?.[0]).toBe('c');
  return first?.[0]?.[1]?.[1] ?? '';
}

async function longPoll(sid: string, aid: number): Promise<unknown[]> {
  const res = await fetch(
    url({ RID: 'rpc', SID: sid, AID: String(aid), CI: '1', TYPE: 'xmlhttp' }),
  );
  expect(res.status).toBe(200);
  return chunks(await res.text());
}

async function forward(sid: string, rid: number, aid: number, messages: string[], ofs: number) {
  const res = await fetch(url({ SID: sid, RID: String(rid), AID: String(aid) }), {
    method: 'POST',
    body: form(messages, ofs),
  });
  return { status: res.status, text: await res.text() };
}

async function terminate(sid: string): Promise<void> {
  await fetch(url({ SID: sid, RID: '2000', TYPE: 'terminate' }), { method: 'POST' });
}

describe('WebChannel', () => {
  it('opens with the first message on the handshake and the identity from its headers= field', async () => {
    const token = `e30.${Buffer.from(JSON.stringify({ sub: 'alice' })).toString('base64url')}.`;
    const res = await fetch(url({ RID: '5', CVER: '22', 'X-HTTP-Session-Id': 'gsessionid' }), {
      method: 'POST',
      body: form(
        [addTarget(2)],
        0,
        `X-Goog-Api-Client:gl-js/ fire/12\r\nAuthorization:Bearer ${token}\r\n`,
      ),
    });
    const text = await res.text();
    const [handshakeChunk] = chunks(text) as [[number, unknown[]]][];
    expect(handshakeChunk?.[0]).toEqual([0, ['c', expect.any(String), '', 8, 12, 20]]);
    expect(opened[0]?.identity).toMatchObject({ kind: 'user', uid: 'alice' });
    expect(opened[0]?.received).toMatchObject([
      { database: DB, addTarget: { targetId: 2, documents: {}, targetType: 'documents' } },
    ]);
    const sid = handshakeChunk?.[0]?.[1]?.[1] as string;
    // The long poll answers what is queued at once and ends there.
    expect(await longPoll(sid, 0)).toEqual([
      [[1, [{ targetChange: { targetChangeType: 'ADD', targetIds: [2] } }]]],
    ]);
    await terminate(sid);
    expect(opened[0]?.cancelled).toBe(true);
  });

  it('carries forward-channel messages once each, and answers [backChannel, lastArrayId, outstanding]', async () => {
    const sid = await handshake([addTarget(2)]);
    const reply = await forward(sid, 1001, 0, [addTarget(4)], 1);
    const [answer] = chunks(reply.text) as number[][];
    expect(answer?.slice(0, 2)).toEqual([0, 2]);
    // A retried request resends map 1: it is not delivered again.
    await forward(sid, 1001, 0, [addTarget(4), addTarget(6)], 1);
    expect(
      opened[0]?.received.map((m) => (m as { addTarget: { targetId: number } }).addTarget.targetId),
    ).toEqual([2, 4, 6]);
    // AID=1 acknowledges array 1, so the next back channel starts at array 2.
    const polled = (await longPoll(sid, 1)) as [number, unknown][][];
    expect(polled[0]?.map((a) => a[0])).toEqual([2, 3]);
    await terminate(sid);
  });

  it('streams on CI=0: at once a noop, then each message as it comes, and noops between', async () => {
    const sid = await handshake([]);
    const controller = new AbortController();
    const res = await fetch(url({ RID: 'rpc', SID: sid, AID: '0', CI: '0', TYPE: 'xmlhttp' }), {
      signal: controller.signal,
    });
    const reader = res.body?.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    /** The next array the back channel carries, cutting complete chunks off the text read. */
    const arrays: [number, unknown[]][] = [];
    const nextArray = async (): Promise<[number, unknown[]]> => {
      for (;;) {
        const array = arrays.shift();
        if (array) return array;
        const nl = text.indexOf('\n');
        const size = Number(text.slice(0, nl));
        if (nl >= 0 && text.length >= nl + 1 + size) {
          arrays.push(...(JSON.parse(text.slice(nl + 1, nl + 1 + size)) as [number, unknown[]][]));
          text = text.slice(nl + 1 + size);
          continue;
        }
        const r = await reader?.read();
        if (!r || r.done) throw new Error('back channel ended');
        text += r.value;
      }
    };
    expect(await nextArray()).toEqual([1, ['noop']]);
    const reply = await forward(sid, 1001, 1, [addTarget(8)], 0);
    expect((chunks(reply.text)[0] as number[])[0]).toBe(1);
    let got = await nextArray();
    while (JSON.stringify(got).includes('noop')) got = await nextArray();
    expect(got[1]).toEqual([{ targetChange: { targetChangeType: 'ADD', targetIds: [8] } }]);
    // The keepalive keeps coming while the channel is idle.
    expect((await nextArray())[1]).toEqual(['noop']);
    controller.abort();
    await terminate(sid);
  });

  it('counts frame lengths in UTF-16 code units', async () => {
    const sid = await handshake([
      JSON.stringify({
        database: DB,
        addTarget: { targetId: 2, documents: { documents: [`${DB}/documents/c/€😀`] } },
      }),
    ]);
    const res = await fetch(url({ RID: 'rpc', SID: sid, AID: '0', CI: '1', TYPE: 'xmlhttp' }));
    const text = await res.text();
    const size = Number(text.slice(0, text.indexOf('\n')));
    expect(size).toBe(text.length - text.indexOf('\n') - 1);
    expect(opened[0]?.received[0]).toMatchObject({
      addTarget: { documents: { documents: [`${DB}/documents/c/€😀`] } },
    });
    await terminate(sid);
  });

  it('delivers stream errors as {"error":{…}} and a clean end as ["close"]', async () => {
    const denied = await handshake([JSON.stringify({ database: DB, removeTarget: 99 })]);
    expect(await longPoll(denied, 0)).toEqual([
      [[1, [{ error: { code: 403, message: 'Denied.', status: 'PERMISSION_DENIED' } }]]],
    ]);
    const closed = await handshake([JSON.stringify({ database: DB, removeTarget: 98 })]);
    expect(await longPoll(closed, 0)).toEqual([[[1, ['close']]]]);
    await terminate(denied);
    await terminate(closed);
  });

  it('refuses malformed ProtoJSON as INVALID_ARGUMENT on the stream and cancels it', async () => {
    const sid = await handshake([addTarget(2)]);
    await forward(sid, 1001, 0, ['{"addTarget": {"targetId": "two"}}'], 1);
    const polled = JSON.stringify(await longPoll(sid, 1));
    expect(polled).toContain('"status":"INVALID_ARGUMENT"');
    expect(opened[0]?.cancelled).toBe(true);
    await terminate(sid);
  });

  it('reports an unauthenticated token and an unserved stream as stream errors', async () => {
    const sid = await handshake([addTarget(2)], 'Authorization:Bearer nonsense\r\n');
    expect(JSON.stringify(await longPoll(sid, 0))).toContain('"status":"UNAUTHENTICATED"');
    const res = await fetch(
      `${base}/google.firestore.v1.Firestore/Write/channel?VER=8&RID=1&CVER=22`,
      { method: 'POST', body: form([JSON.stringify({ database: DB })], 0) },
    );
    const [[[, [, writeSid]]]] = chunks(await res.text()) as [[[number, [string, string]]]];
    expect(JSON.stringify(await longPoll(writeSid, 0))).toContain('"status":"UNIMPLEMENTED"');
    await terminate(sid);
    await terminate(writeSid);
  });

  it('answers an unknown SID with 400 "Unknown SID", which makes the client start over', async () => {
    for (const r of [
      await fetch(url({ RID: 'rpc', SID: 'gone', AID: '0', CI: '1', TYPE: 'xmlhttp' })),
      await fetch(url({ SID: 'gone', RID: '3', AID: '0' }), { method: 'POST', body: form([], 0) }),
    ]) {
      expect(r.status).toBe(400);
      expect((await r.text()).indexOf('Unknown SID')).toBeGreaterThan(0);
    }
  });

  it('refuses a 10 MB POST cleanly and keeps serving', async () => {
    const sid = await handshake([addTarget(2)]);
    const huge = form(['x'.repeat(10 * 1024 * 1024)], 1);
    const res = await fetch(url({ SID: sid, RID: '1001', AID: '0' }), {
      method: 'POST',
      body: huge,
    });
    expect(res.status).toBe(413);
    await res.text();
    expect(opened[0]?.received).toHaveLength(1);
    await terminate(sid);
    expect(await handshake([addTarget(2)])).toBeTruthy();
  });

  it('leaves no session or timer behind after 1,000 channels opened and dropped', async () => {
    for (let i = 0; i < 1000; i++) {
      const sid = await handshake([addTarget(2)]);
      if (i % 3 === 0) await terminate(sid);
      else if (i % 3 === 1) {
        // A streaming back channel the client walks away from mid-response.
        const controller = new AbortController();
        const res = await fetch(url({ RID: 'rpc', SID: sid, AID: '0', CI: '0', TYPE: 'xmlhttp' }), {
          signal: controller.signal,
        });
        await res.body?.getReader().read();
        controller.abort();
      }
      // else: abandoned right after the handshake.
    }
    await vi.waitFor(
      () => {
        expect(http.webChannel.stats()).toEqual({ sessions: 0, timers: 0 });
      },
      { timeout: 10_000, interval: 50 },
    );
    expect(opened).toHaveLength(1000);
    expect(opened.every((o) => o.cancelled)).toBe(true);
  }, 60_000);
});
