// gRPC and HTTP/1.1 on Firestore's one port, as the Emulator Suite serves them.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { deleteApp, initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import { startFirestoreServer } from '../../src/firestore/index.ts';
import { PortInUseError } from '../../src/net/listen.ts';

process.env.METADATA_SERVER_DETECTION ??= 'none';

describe('one port for gRPC and HTTP/1.1', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('serves firebase-admin over gRPC and REST and "Ok" at / on the same port', async () => {
    const server = await startFirestoreServer();
    process.env.FIRESTORE_EMULATOR_HOST = server.address;
    const app = initializeApp({ projectId: 'demo-shared' }, 'http-shared-port');
    try {
      const db = getFirestore(app);
      await db.doc('a/b').set({ n: 1 });
      const res = await fetch(
        `http://${server.address}/v1/projects/demo-shared/databases/(default)/documents/a/b`,
      );
      expect(await res.json()).toMatchObject({ fields: { n: { integerValue: '1' } } });
      expect(await (await fetch(`http://${server.address}/`)).text()).toBe('Ok');
    } finally {
      await deleteApp(app);
      delete process.env.FIRESTORE_EMULATOR_HOST;
      await server.stop();
    }
  });

  it('reports a taken port as PortInUseError, with nothing logged', async () => {
    const server = await startFirestoreServer();
    const logged = vi.spyOn(console, 'error');
    const info = vi.spyOn(console, 'info');
    try {
      await expect(startFirestoreServer({ port: server.port })).rejects.toBeInstanceOf(
        PortInUseError,
      );
      expect(logged).not.toHaveBeenCalled();
      expect(info).not.toHaveBeenCalled();
    } finally {
      await server.stop();
    }
  });

  it('ends open WebChannel sessions when it stops', async () => {
    const server = await startFirestoreServer();
    const channel = `http://${server.address}/google.firestore.v1.Firestore/Listen/channel`;
    const hs = await fetch(`${channel}?VER=8&RID=1&CVER=22`, { method: 'POST', body: 'count=0' });
    const sid = /"c","([^"]+)"/.exec(await hs.text())?.[1] ?? '';
    const back = await fetch(`${channel}?VER=8&RID=rpc&SID=${sid}&AID=0&CI=0&TYPE=xmlhttp`);
    expect(server.http.webChannel.stats().sessions).toBe(1);
    await server.stop();
    expect(server.http.webChannel.stats()).toEqual({ sessions: 0, timers: 0 });
    // The back channel was ended, not left hanging.
    await expect(back.text()).resolves.toBeDefined();
  });
});
