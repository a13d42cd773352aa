// The Listen stream over WebChannel on the wire, as the browser SDK drives it, against the real
// listener engine: the handshake carrying the first AddTarget, long-polled back channels, a change
// arriving after a commit, and termination. Runs against the official emulator too
// (test:conformance:official); the echo-stream framing tests are in http-webchannel.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackend } from './backend.ts';
import type { Backend } from './backend.ts';
import { channelUrl, chunks, form } from './webchannel-client.ts';

let backend: Backend;
let base: string;
let database: string;

beforeAll(async () => {
  backend = await openBackend('webchannel-wire');
  base = `http://${process.env.FIRESTORE_EMULATOR_HOST ?? ''}`;
  database = `projects/${backend.projectId}/databases/(default)`;
});
afterAll(async () => {
  await backend.close();
});

type ArrayEntry = [number, unknown[]];

/** Opens a Listen channel whose handshake adds a documents target; returns the session id. */
async function open(targetId: number, path: string): Promise<{ sid: string; aid: number }> {
  const add = JSON.stringify({
    database,
    addTarget: { targetId, documents: { documents: [`${database}/documents/${path}`] } },
  });
  const res = await fetch(
    channelUrl(base, 'Listen', database, {
      RID: '1000',
      CVER: '22',
      'X-HTTP-Session-Id': 'gsessionid',
    }),
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form([add], 0, 'Authorization:Bearer owner\r\n'),
    },
  );
  expect(res.status).toBe(200);
  const arrays = (chunks(await res.text())[0] ?? []) as ArrayEntry[];
  const created = arrays[0]?.[1] as [string, string] | undefined;
  expect(created?.[0]).toBe('c');
  return { sid: created?.[1] ?? '', aid: arrays.at(-1)?.[0] ?? 0 };
}

/** Long-polls until a message passes `test`; returns it and the last array id seen. */
async function pollUntil(
  sid: string,
  aid: number,
  test: (m: Record<string, unknown>) => boolean,
): Promise<{ message: Record<string, unknown>; aid: number }> {
  let last = aid;
  for (let i = 0; i < 20; i++) {
    const res = await fetch(
      channelUrl(base, 'Listen', database, {
        RID: 'rpc',
        SID: sid,
        AID: String(last),
        CI: '1',
        TYPE: 'xmlhttp',
      }),
    );
    expect(res.status).toBe(200);
    for (const chunk of chunks(await res.text()) as ArrayEntry[][]) {
      for (const [id, payload] of chunk) {
        last = Math.max(last, id);
        // A data message is an array holding one ListenResponse (noops are ["noop"]).
        const message = payload[0];
        if (message && typeof message === 'object' && test(message as Record<string, unknown>))
          return { message: message as Record<string, unknown>, aid: last };
      }
    }
  }
  throw new Error('no matching message on the back channel');
}

const change = (type: string, id: number) => (m: Record<string, unknown>) => {
  const tc = m['targetChange'] as { targetChangeType?: string; targetIds?: number[] } | undefined;
  return tc?.targetChangeType === type && (tc.targetIds ?? []).includes(id);
};

describe('Listen over WebChannel', () => {
  it('answers the handshake, sends ADD and CURRENT on the back channel, then a change', async () => {
    await backend.db.doc('wc/one').set({ n: 1 });
    const { sid, aid } = await open(2, 'wc/one');
    let at = (await pollUntil(sid, aid, change('ADD', 2))).aid;
    at = (await pollUntil(sid, at, change('CURRENT', 2))).aid;
    await backend.db.doc('wc/one').update({ n: 2 });
    const { message } = await pollUntil(sid, at, (m) => {
      const d = m['documentChange'] as
        { document?: { fields?: { n?: { integerValue?: string } } } } | undefined;
      return d?.document?.fields?.n?.integerValue === '2';
    });
    // ProtoJSON: int64 as a string, the document's name in full.
    expect((message['documentChange'] as { document: { name: string } }).document.name).toBe(
      `${database}/documents/wc/one`,
    );
  });

  it('ends a terminated session: its back channel is refused with 400', async () => {
    const { sid } = await open(4, 'wc/two');
    await fetch(
      channelUrl(base, 'Listen', database, { SID: sid, RID: '2000', TYPE: 'terminate' }),
      {
        method: 'POST',
      },
    );
    const res = await fetch(
      channelUrl(base, 'Listen', database, {
        RID: 'rpc',
        SID: sid,
        AID: '0',
        CI: '1',
        TYPE: 'xmlhttp',
      }),
    );
    expect(res.status).toBe(400);
  });
});
