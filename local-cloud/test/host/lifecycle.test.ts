import { createServer, connect } from 'node:net';
import type { Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startLocalCloud } from '../../src/local-cloud.ts';
import type { LocalCloudPorts } from '../../src/local-cloud.ts';
import {
  buildFixtureBundle,
  CLOUD_HOOK_TIMEOUT_MS,
  FIXTURE_DIR,
  recorded,
  startFixtureCloud,
} from './fixture-cloud.ts';
import type { FixtureBundle, FixtureCloud } from './fixture-cloud.ts';

/** Generous, for a loaded machine; the wait ends as soon as the condition holds. */
const WAIT = { timeout: 5_000, interval: 50 };

/** Resolves whether something accepts TCP connections on the port. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      resolve(false);
    });
  });
}

async function occupyPort(): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

function portOf(server: Server): number {
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('not listening');
  return address.port;
}

/** Sockets, servers and child processes, which keep Node alive and a test run from ending. */
function openHandles(): string[] {
  const kinds = new Set(['TCPServerWrap', 'TCPSocketWrap', 'ProcessWrap', 'PipeWrap']);
  return process.getActiveResourcesInfo().filter((kind) => kinds.has(kind));
}

describe('two clouds side by side', () => {
  let first: FixtureCloud;
  let second: FixtureCloud;

  beforeAll(async () => {
    [first, second] = await Promise.all([startFixtureCloud(), startFixtureCloud()]);
  }, CLOUD_HOOK_TIMEOUT_MS);

  afterAll(async () => {
    await Promise.all([first.stop(), second.stop()]);
  }, CLOUD_HOOK_TIMEOUT_MS);

  it('listen on different ports under different projects', () => {
    expect(first.projectId).not.toBe(second.projectId);
    const firstPorts = Object.values(first.cloud.ports);
    const secondPorts = Object.values(second.cloud.ports);
    expect(new Set([...firstPorts, ...secondPorts]).size).toBe(
      firstPorts.length + secondPorts.length,
    );
    expect([...firstPorts, ...secondPorts].every((port) => port > 0)).toBe(true);
  });

  it('keep their own data and deliver their own events', async () => {
    await first.firestore.doc('items/shared-id').set({ owner: 'first' });
    await second.firestore.doc('items/shared-id').set({ owner: 'second' });
    await second.firestore.doc('items/only-second').set({ owner: 'second' });
    await Promise.all([first.idle(), second.idle()]);

    expect((await first.firestore.doc('items/shared-id').get()).data()).toEqual({ owner: 'first' });
    expect((await first.firestore.doc('items/only-second').get()).exists).toBe(false);
    const firstCreated = await recorded(first, 'onItemCreated');
    const secondCreated = await recorded(second, 'onItemCreated');
    expect(firstCreated.map((d) => d.summary)).toEqual([{ after: { owner: 'first' } }]);
    expect(secondCreated.map((d) => d.params.itemId).sort()).toEqual(['only-second', 'shared-id']);
  });

  it('serve their own functions, seeing their own users', async () => {
    const user = await second.signUp({ email: 'only-in-second@gadget.test' });
    await second.idle();
    await first.idle();

    expect(await recorded(second, 'recordUserCreated')).toHaveLength(1);
    expect(await recorded(first, 'recordUserCreated')).toEqual([]);
    expect(
      await first.call<{ uid: string | null }>('whoami', null, { uid: 'first-user' }),
    ).toMatchObject({ uid: 'first-user' });
    expect(
      await second.call<{ uid: string | null }>('whoami', null, { uid: user.uid }),
    ).toMatchObject({ uid: user.uid });
  });

  it('reset one without touching the other', async () => {
    await first.firestore.doc('kept/x').set({ a: 1 });
    await second.firestore.doc('kept/x').set({ a: 2 });
    await second.reset();

    expect((await first.firestore.doc('kept/x').get()).data()).toEqual({ a: 1 });
    expect((await second.firestore.doc('kept/x').get()).exists).toBe(false);
  });
});

describe('stop', () => {
  it('runs every step when one fails, then rejects with every failure', async () => {
    const cloud = await startLocalCloud({ logs: 'silent' });
    const { host, ports } = cloud;
    const stopAuth = cloud.authServer.stop.bind(cloud.authServer);
    const failure = new Error('Auth would not stop');
    cloud.authServer.stop = () => Promise.reject(failure);
    try {
      const error = await cloud.stop().then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      expect(error).toBeInstanceOf(AggregateError);
      expect((error as AggregateError).errors).toEqual([failure]);
      // Auth was started before Storage, Cloud Scheduler and the control API, so they stopped
      // before its failure, and Firestore, started before it, was still stopped after.
      for (const name of ['firestore', 'storage', 'scheduler', 'control'] as const) {
        expect(await accepts(host, ports[name]), name).toBe(false);
      }
      expect(await accepts(host, ports.auth)).toBe(true);
    } finally {
      await stopAuth();
    }
  });

  it(
    'closes every port and leaves no open handles behind',
    async () => {
      const before = openHandles().length;
      const t = await startFixtureCloud();
      await t.firestore.doc('items/x').set({ n: 1 });
      await t.signUp();
      await t.upload('a.txt', Buffer.from('a'), 'text/plain');
      await t.call('whoami');
      await fetch(`${t.functionsUrl}/hello`).then((response) => response.json());
      await t.idle();
      const ports = t.cloud.ports;

      await t.stop();

      for (const port of Object.values(ports)) {
        expect(await accepts(t.cloud.host, port)).toBe(false);
      }
      await vi.waitFor(() => {
        expect(openHandles().length).toBeLessThanOrEqual(before);
      }, WAIT);
    },
    CLOUD_HOOK_TIMEOUT_MS,
  );
});

describe('start-up', () => {
  it(
    'answers /health 503 "starting" until the cloud has started, then 200',
    async () => {
      const during: Record<string, { status: number; body: unknown }> = {};
      const ask = async (url: string, init?: RequestInit) => {
        const response = await fetch(url, init);
        return { status: response.status, body: await response.json() };
      };
      // The hook runs while start-up waits on it: the console and the functions are not up yet.
      const t = await startFixtureCloud({
        onControlApiListening: async (controlUrl) => {
          during.health = await ask(`${controlUrl}/health`);
          during.emulators = await ask(`${controlUrl}/emulators`);
          during.functions = await ask(`${controlUrl}/functions`);
          during.reset = await ask(`${controlUrl}/reset`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
          });
          during.outbox = await ask(`${controlUrl}/outbox`);
        },
      });
      try {
        expect(during.health).toEqual({ status: 503, body: { status: 'starting' } });
        const starting = { error: { message: 'local-cloud is still starting' } };
        expect(during.emulators).toEqual({ status: 503, body: starting });
        expect(during.functions).toEqual({ status: 503, body: starting });
        expect(during.reset).toEqual({ status: 503, body: starting });
        // What needs only the backends, which listen before the control API, already answers.
        expect(during.outbox?.status).toBe(200);

        const after = await ask(`${t.controlUrl}/health`);
        expect(after.status).toBe(200);
        const health = after.body as { status?: string; functions?: string[] };
        expect(health.status).toBe('ok');
        expect(health.functions).toContain('whoami');
      } finally {
        await t.stop();
      }
    },
    CLOUD_HOOK_TIMEOUT_MS,
  );
});

describe('a port already in use', () => {
  let fixture: FixtureBundle;

  beforeAll(async () => {
    fixture = await buildFixtureBundle();
  });

  afterAll(() => {
    fixture.remove();
  });

  const components: (keyof LocalCloudPorts)[] = [
    'auth',
    'firestore',
    'storage',
    'control',
    'functions',
    'scheduler',
  ];

  it.each(components)(
    'makes startLocalCloud reject with EADDRINUSE naming the port (%s)',
    async (component) => {
      const blocker = await occupyPort();
      const port = portOf(blocker);
      try {
        const started = startLocalCloud({
          ports: { [component]: port },
          functions: { bundle: fixture.bundle, functionsDir: FIXTURE_DIR },
          logs: 'silent',
        });
        const error = await started.then(
          async (cloud) => {
            await cloud.stop();
            return new Error('started although the port was taken');
          },
          (caught: unknown) => caught,
        );
        expect(error).toMatchObject({ code: 'EADDRINUSE' });
        expect((error as Error).message).toContain(String(port));
      } finally {
        await new Promise((resolve) => blocker.close(resolve));
      }
    },
    CLOUD_HOOK_TIMEOUT_MS,
  );

  // grpc-js logs its own bind failures through console.error, above the error the caller prints.
  it.each(['firestore', 'scheduler'] as const)(
    'logs nothing of its own for a taken gRPC port (%s)',
    async (component) => {
      const blocker = await occupyPort();
      const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
      try {
        await expect(
          startLocalCloud({ ports: { [component]: portOf(blocker) }, logs: 'silent' }),
        ).rejects.toMatchObject({ name: 'PortInUseError', port: portOf(blocker) });
        expect(logged).not.toHaveBeenCalled();
      } finally {
        logged.mockRestore();
        await new Promise((resolve) => blocker.close(resolve));
      }
    },
    CLOUD_HOOK_TIMEOUT_MS,
  );
});
