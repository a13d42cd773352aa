import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startAuthServer } from '../../src/auth/index.ts';
import type { AuthServer, AuthUser } from '../../src/auth/index.ts';
import { expectPreflightAllowed } from '../cors.ts';

const PROJECT = 'demo-auth-server';
let server: AuthServer;
let scratch: string;

beforeAll(async () => {
  server = await startAuthServer({ port: 0, defaultProject: PROJECT });
  scratch = await mkdtemp(join(tmpdir(), 'auth-server-test-'));
});

afterAll(async () => {
  await server.stop();
  await rm(scratch, { recursive: true, force: true });
});

beforeEach(() => {
  server.reset();
});

interface Reply {
  status: number;
  body: Record<string, unknown>;
}

async function call(path: string, body?: object, admin = false, method = 'POST'): Promise<Reply> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      'Content-Type': 'application/json',
      ...(admin ? { Authorization: 'Bearer owner' } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const client = (method: string, body: object): Promise<Reply> =>
  call(`/identitytoolkit.googleapis.com/v1/accounts:${method}?key=fake`, body);
const admin = (method: string, body: object, project = PROJECT): Promise<Reply> =>
  call(`/identitytoolkit.googleapis.com/v1/projects/${project}/accounts${method}`, body, true);

/** Resolves once `count` events arrived, collecting them. */
function collect(subscribe: (listener: (project: string, user: AuthUser) => void) => () => void): {
  events: [string, string][];
  stop: () => void;
} {
  const events: [string, string][] = [];
  const stop = subscribe((project, user) => events.push([project, user.uid]));
  return { events, stop };
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Waits until `count` events were delivered, then a little longer to catch duplicates. */
async function delivered(events: unknown[], count: number): Promise<void> {
  await vi.waitFor(() => {
    expect(events.length).toBeGreaterThanOrEqual(count);
  });
  await settle();
  await settle();
}

describe('user events', () => {
  it('fires onUserCreated once per created user', async () => {
    const created = collect(server.onUserCreated.bind(server));
    const deleted = collect(server.onUserDeleted.bind(server));
    const signUp = await client('signUp', { email: 'e@example.com', password: 'secret123' });
    const anonymous = await client('signUp', { returnSecureToken: true });
    await admin('', { localId: 'admin-made' });
    await client('signInWithPassword', { email: 'e@example.com', password: 'secret123' });
    await admin(':update', { localId: 'admin-made', displayName: 'x' });
    await delivered(created.events, 3);
    expect(created.events).toEqual([
      [PROJECT, signUp.body['localId']],
      [PROJECT, anonymous.body['localId']],
      [PROJECT, 'admin-made'],
    ]);
    expect(deleted.events).toEqual([]);
    created.stop();
    deleted.stop();
  });

  it('fires onUserDeleted once per deleted user, for every way of deleting', async () => {
    const deleted = collect(server.onUserDeleted.bind(server));
    const signUp = await client('signUp', { email: 'gone@example.com', password: 'secret123' });
    for (const uid of ['a', 'b', 'c']) await admin('', { localId: uid });
    await client('delete', { idToken: signUp.body['idToken'] });
    await admin(':delete', { localId: 'a' });
    await admin(':batchDelete', { localIds: ['b', 'c', 'missing'], force: true });
    expect((await admin(':delete', { localId: 'a' })).body).toMatchObject({
      error: { message: 'USER_NOT_FOUND' },
    });
    await delivered(deleted.events, 4);
    expect(deleted.events).toEqual([
      [PROJECT, signUp.body['localId']],
      [PROJECT, 'a'],
      [PROJECT, 'b'],
      [PROJECT, 'c'],
    ]);
    deleted.stop();
  });

  it('stops calling a listener once unsubscribed and survives a throwing listener', async () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const unsubscribeThrower = server.onUserCreated(() => {
      throw new Error('listener bug');
    });
    const created = collect(server.onUserCreated.bind(server));
    const witness = collect(server.onUserCreated.bind(server));
    // Listeners run outside the request, so a failing one cannot fail the caller.
    expect((await admin('', { localId: 'one' })).status).toBe(200);
    await delivered(created.events, 1);
    created.stop();
    await admin('', { localId: 'two' });
    await delivered(witness.events, 2);
    unsubscribeThrower();
    witness.stop();
    expect(quiet).toHaveBeenCalledTimes(2);
    quiet.mockRestore();
    expect(created.events).toEqual([[PROJECT, 'one']]);
    expect(witness.events).toEqual([
      [PROJECT, 'one'],
      [PROJECT, 'two'],
    ]);
  });
});

describe('projects', () => {
  it('keeps admin projects apart and routes client tokens to their own project', async () => {
    await admin('', { localId: 'same', email: 'x@example.com' }, 'demo-one');
    await admin('', { localId: 'same', email: 'x@example.com' }, 'demo-two');
    expect((await admin(':lookup', { localId: ['same'] }, 'demo-three')).body['users']).toBe(
      undefined,
    );
    await call('/emulator/v1/projects/demo-one/accounts', undefined, false, 'DELETE');
    expect((await admin(':lookup', { localId: ['same'] }, 'demo-one')).body['users']).toBe(
      undefined,
    );
    expect((await admin(':lookup', { localId: ['same'] }, 'demo-two')).body['users']).toHaveLength(
      1,
    );

    const token = server.mintIdToken('demo-two', 'same');
    const lookup = await client('lookup', { idToken: token });
    expect(lookup.body['users']).toMatchObject([{ localId: 'same', email: 'x@example.com' }]);
  });
});

describe('client protection', () => {
  it('refuses admin-only fields and lookups from clients', async () => {
    const signUp = await client('signUp', {});
    const idToken = signUp.body['idToken'];
    expect((await client('update', { idToken, customAttributes: '{}' })).body).toMatchObject({
      error: { message: 'INSUFFICIENT_PERMISSION' },
    });
    expect((await client('update', { idToken, disableUser: true })).body).toMatchObject({
      error: { message: 'OPERATION_NOT_ALLOWED' },
    });
    expect((await client('lookup', { localId: [signUp.body['localId']] })).body).toMatchObject({
      error: { message: 'MISSING_ID_TOKEN' },
    });
    expect((await client('lookup', { idToken: 'garbage' })).body).toMatchObject({
      error: { code: 400, message: 'INVALID_ID_TOKEN' },
    });
  });

  it('hides password hashes from client lookups', async () => {
    const signUp = await client('signUp', { email: 'q@example.com', password: 'secret123' });
    const lookup = await client('lookup', { idToken: signUp.body['idToken'] });
    expect(lookup.body['users']).toMatchObject([{ passwordHash: 'UkVEQUNURUQ=' }]);
    expect(JSON.stringify(lookup.body)).not.toContain('salt');
  });

  it('reports missing fields as Identity Toolkit does', async () => {
    expect((await client('signUp', { email: 'm@example.com' })).body).toMatchObject({
      error: { message: 'MISSING_PASSWORD' },
    });
    expect(
      (await client('signInWithPassword', { email: 'bad', password: 'x' })).body,
    ).toMatchObject({ error: { message: 'INVALID_EMAIL' } });
    expect(
      (await client('signUp', { email: 'w@example.com', password: '12345' })).body,
    ).toMatchObject({
      error: { message: 'WEAK_PASSWORD : Password should be at least 6 characters' },
    });
  });
});

describe('custom tokens', () => {
  it('signs in with a JSON custom token, creating the user once, with its claims', async () => {
    const created = collect(server.onUserCreated.bind(server));
    const token = JSON.stringify({ uid: 'custom-1', claims: { tier: 'gold' } });
    const first = await client('signInWithCustomToken', { token });
    const second = await client('signInWithCustomToken', { token });
    expect(first.body['isNewUser']).toBe(true);
    expect(second.body['isNewUser']).toBe(false);
    const payload = JSON.parse(
      Buffer.from(String(first.body['idToken']).split('.')[1] ?? '', 'base64url').toString(),
    ) as Record<string, unknown>;
    expect(payload).toMatchObject({ sub: 'custom-1', tier: 'gold', aud: PROJECT });
    await delivered(created.events, 1);
    expect(created.events).toEqual([[PROJECT, 'custom-1']]);
    created.stop();
  });
});

describe('HTTP surface', () => {
  it('answers CORS preflights and sets CORS headers on answers', async () => {
    await expectPreflightAllowed(
      `${server.url}/identitytoolkit.googleapis.com/v1/accounts:signUp`,
      'http://localhost:5173',
      'content-type,x-client-version',
    );
    const answer = await fetch(`${server.url}/identitytoolkit.googleapis.com/v1/accounts:signUp`, {
      method: 'POST',
      headers: { Origin: 'http://localhost:5173', 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(answer.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
  });

  it('answers unknown paths with 404 and bad JSON with 400', async () => {
    expect((await call('/nope', {})).status).toBe(404);
    const response = await fetch(
      `${server.url}/identitytoolkit.googleapis.com/v1/accounts:signUp`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{not json',
      },
    );
    expect(response.status).toBe(400);
  });
});

describe('reset, snapshot and restore', () => {
  it('reset forgets users and refresh tokens', async () => {
    const signUp = await client('signUp', { email: 'r@example.com', password: 'secret123' });
    server.reset();
    expect(
      (await client('signInWithPassword', { email: 'r@example.com', password: 'secret123' })).body,
    ).toMatchObject({
      error: { message: 'EMAIL_NOT_FOUND' },
    });
    const refresh = await call('/securetoken.googleapis.com/v1/token', {
      grant_type: 'refresh_token',
      refresh_token: signUp.body['refreshToken'],
    });
    expect(refresh.body).toMatchObject({ error: { message: 'INVALID_REFRESH_TOKEN' } });
  });

  it('restores users, passwords, claims and refresh tokens in a new server', async () => {
    const signUp = await client('signUp', { email: 's@example.com', password: 'secret123' });
    const uid = String(signUp.body['localId']);
    await admin(':update', { localId: uid, customAttributes: '{"role":"admin"}' });
    const file = join(scratch, 'nested', 'auth.json');
    await server.snapshot(file);
    expect(await readFile(file, 'utf8')).not.toContain('secret123');

    const second = await startAuthServer({ port: 0, defaultProject: PROJECT });
    try {
      await second.restore(file);
      const signIn = await fetch(
        `${second.url}/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword`,
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ email: 's@example.com', password: 'secret123' }),
        },
      );
      expect(((await signIn.json()) as Record<string, unknown>)['localId']).toBe(uid);
      const refresh = await fetch(`${second.url}/securetoken.googleapis.com/v1/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: `grant_type=refresh_token&refresh_token=${String(signUp.body['refreshToken'])}`,
      });
      const tokens = (await refresh.json()) as Record<string, unknown>;
      expect(tokens['user_id']).toBe(uid);
      const payload = JSON.parse(
        Buffer.from(String(tokens['id_token']).split('.')[1] ?? '', 'base64url').toString(),
      ) as Record<string, unknown>;
      expect(payload['role']).toBe('admin');
    } finally {
      await second.stop();
    }

    // Restoring replaces the current state rather than merging into it.
    await admin('', { localId: 'later' });
    await server.restore(file);
    expect((await admin(':lookup', { localId: ['later'] })).body['users']).toBe(undefined);
    expect((await admin(':lookup', { localId: [uid] })).body['users']).toHaveLength(1);
  });
});

describe('startup and shutdown', () => {
  it('rejects with EADDRINUSE naming the port when it is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const attempt = startAuthServer({ port });
      await expect(attempt).rejects.toMatchObject({ code: 'EADDRINUSE' });
      await expect(attempt).rejects.toThrow(String(port));
    } finally {
      await new Promise<void>((resolve) => {
        blocker.close(() => {
          resolve();
        });
      });
    }
  });

  it('stops even with keep-alive connections open', async () => {
    const other = await startAuthServer({ port: 0 });
    await fetch(`${other.url}/emulator/v1/projects/demo-x/config`, {
      headers: { Connection: 'keep-alive' },
    });
    await other.stop();
    await expect(fetch(`${other.url}/emulator/v1/projects/demo-x/config`)).rejects.toThrow();
  });
});
