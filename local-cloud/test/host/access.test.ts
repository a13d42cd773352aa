// Strangers in the developer's browser: a web page from another site, or one that rebinds its own
// name to 127.0.0.1, must get nothing from any local-cloud server, while this machine's pages, the
// configured ones and programs without an Origin keep working.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CLOUD_HOOK_TIMEOUT_MS, startFixtureCloud } from './fixture-cloud.ts';
import type { FixtureCloud } from './fixture-cloud.ts';

const APP_ORIGIN = 'http://app.example:5173';
const DEV_HOST = 'devbox.example';
const FOREIGN_ORIGIN = 'https://evil.example';

let t: FixtureCloud;
let consoleDir: string;

beforeAll(async () => {
  consoleDir = mkdtempSync(join(tmpdir(), 'local-cloud-console-'));
  writeFileSync(join(consoleDir, 'index.html'), '<!doctype html><title>console</title>');
  t = await startFixtureCloud({
    allowedOrigins: [APP_ORIGIN],
    allowedHosts: [DEV_HOST],
    console: { dir: consoleDir, port: 0 },
  });
}, CLOUD_HOOK_TIMEOUT_MS);

afterAll(async () => {
  await t.stop();
  rmSync(consoleDir, { recursive: true, force: true });
}, CLOUD_HOOK_TIMEOUT_MS);

beforeEach(async () => {
  await t.reset();
  await t.firestore.doc('profiles/ada').set({ email: 'ada@example.test' });
  await t.upload('exports/ada.json', Buffer.from('{"secret":true}'), 'application/json');
  await t.signUp({ email: 'ada@example.test' });
});

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A request with any headers, `Host` included (fetch would not send a Host of our choosing). */
function send(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers: init.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

const hostOf = (url: string) => new URL(url).host;
const json = { 'content-type': 'application/json' };

const SERVERS = [
  'Firestore REST, Bearer owner',
  'Auth, admin listing',
  'Storage JSON API list',
  'Storage download',
  'Firebase Storage list, owner',
  'a callable',
  'the control API',
  'the console',
] as const;
type ServerName = (typeof SERVERS)[number];
type Init = NonNullable<Parameters<typeof send>[1]>;

/** A request to one server that reads what a stranger must not see. */
function reader(name: ServerName): { url: string; init: Init } {
  const { cloud, projectId } = t;
  const bucket = cloud.storageBucket;
  const firestore = `http://${cloud.firestoreServer.address}`;
  const all: Record<ServerName, { url: string; init: Init }> = {
    'Firestore REST, Bearer owner': {
      url: `${firestore}/v1/projects/${projectId}/databases/(default)/documents/profiles`,
      init: { headers: { authorization: 'Bearer owner' } },
    },
    'Auth, admin listing': {
      url: `${cloud.authServer.url}/identitytoolkit.googleapis.com/v1/projects/${projectId}/accounts:batchGet`,
      init: { headers: { authorization: 'Bearer owner' } },
    },
    'Storage JSON API list': {
      url: `${cloud.storageServer.url}/storage/v1/b/${bucket}/o`,
      init: {},
    },
    'Storage download': {
      url: `${cloud.storageServer.url}/download/storage/v1/b/${bucket}/o/${encodeURIComponent('exports/ada.json')}?alt=media`,
      init: {},
    },
    'Firebase Storage list, owner': {
      url: `${cloud.storageServer.url}/v0/b/${bucket}/o?prefix=exports/`,
      init: { headers: { authorization: 'Firebase owner' } },
    },
    'a callable': {
      url: `${t.functionsUrl}/whoami`,
      init: { method: 'POST', headers: json, body: '{"data":null}' },
    },
    'the control API': { url: `${t.controlUrl}/outbox`, init: {} },
    'the console': { url: `${cloud.consoleUrl ?? ''}/control/outbox`, init: {} },
  };
  return all[name];
}

/** A 403 with nothing a page could read, not even the refusal. */
function expectRefused(answer: Answer, why: RegExp): void {
  expect(answer.status).toBe(403);
  expect(answer.headers['access-control-allow-origin']).toBeUndefined();
  const { error } = JSON.parse(answer.body) as {
    error: { code: number; status: string; message: string };
  };
  expect(error).toMatchObject({ code: 403, status: 'PERMISSION_DENIED' });
  expect(error.message).toMatch(why);
  expect(answer.body).not.toMatch(/ada|secret/);
}

describe('a page from a foreign origin', () => {
  it.each(SERVERS)('is refused by %s', async (name) => {
    const { url, init } = reader(name);
    const answer = await send(url, {
      ...init,
      headers: { ...init.headers, origin: FOREIGN_ORIGIN },
    });
    expectRefused(answer, /does not answer web pages from "https:\/\/evil.example"/);
  });

  it.each(SERVERS)('gets no CORS preflight from %s', async (name) => {
    const { url } = reader(name);
    const answer = await send(url, {
      method: 'OPTIONS',
      headers: {
        origin: FOREIGN_ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expectRefused(answer, /evil.example/);
  });

  it('is refused however it dresses its origin', async () => {
    const { url, init } = reader('Firestore REST, Bearer owner');
    for (const origin of ['null', 'http://localhost.evil.example', 'http://localhost:5173/x']) {
      const answer = await send(url, { ...init, headers: { ...init.headers, origin } });
      expect(answer.status, origin).toBe(403);
    }
  });

  it('changes nothing: no Firestore clear, no reset, no Storage reset', async () => {
    const { cloud, projectId } = t;
    const foreign = { origin: FOREIGN_ORIGIN, ...json };
    const firestore = `http://${cloud.firestoreServer.address}`;
    const attempts = [
      send(`${firestore}/emulator/v1/projects/${projectId}/databases/(default)/documents`, {
        method: 'DELETE',
        headers: foreign,
      }),
      send(`${t.controlUrl}/reset`, { method: 'POST', headers: foreign }),
      send(`${cloud.consoleUrl ?? ''}/control/reset`, { method: 'POST', headers: foreign }),
      send(`${cloud.storageServer.url}/internal/reset`, { method: 'POST', headers: foreign }),
      send(`${cloud.authServer.url}/emulator/v1/projects/${projectId}/accounts`, {
        method: 'DELETE',
        headers: foreign,
      }),
    ];
    for (const answer of await Promise.all(attempts)) expect(answer.status).toBe(403);
    expect((await t.firestore.doc('profiles/ada').get()).exists).toBe(true);
    expect((await t.bucket.file('exports/ada.json').exists())[0]).toBe(true);
    expect((await t.auth.listUsers()).users).toHaveLength(1);
  });
});

describe('a request addressed to a foreign Host (DNS rebinding)', () => {
  it.each(SERVERS)('is refused by %s', async (name) => {
    const { url, init } = reader(name);
    const rebound = `rebound.example:${new URL(url).port}`;
    // Same-origin to the page that rebound its name, so it carries that name and no foreign Origin.
    const answer = await send(url, { ...init, headers: { ...init.headers, host: rebound } });
    expectRefused(answer, /does not answer requests addressed to "rebound.example:\d+"/);
  });

  it("is refused the console's own page", async () => {
    const answer = await send(`${t.cloud.consoleUrl ?? ''}/`, {
      headers: { host: `rebound.example:${new URL(t.cloud.consoleUrl ?? '').port}` },
    });
    expect(answer.status).toBe(403);
    expect(answer.body).not.toContain('<title>console</title>');
  });
});

describe('pages and programs that belong here', () => {
  const firestoreRead = () => reader('Firestore REST, Bearer owner');

  it.each([
    'http://localhost:5173',
    'http://127.0.0.1:3000',
    'http://[::1]:8080',
    APP_ORIGIN,
    `http://${DEV_HOST}:8000`,
  ])('read with Bearer owner from %s, with CORS for that origin', async (origin) => {
    const { url, init } = firestoreRead();
    const answer = await send(url, { ...init, headers: { ...init.headers, origin } });
    expect(answer.status).toBe(200);
    expect(answer.headers['access-control-allow-origin']).toBe(origin);
    expect(answer.body).toContain('ada@example.test');
  });

  it.each(SERVERS)('are served by %s without an Origin', async (name) => {
    const { url, init } = reader(name);
    expect((await send(url, init)).status).toBe(200);
  });

  it.each(SERVERS)('are served by %s at a configured host name', async (name) => {
    const { url, init } = reader(name);
    const host = `${DEV_HOST}:${new URL(url).port}`;
    expect((await send(url, { ...init, headers: { ...init.headers, host } })).status).toBe(200);
  });

  it('answer the preflight of a loopback page as the Emulator Suite does', async () => {
    const { url } = firestoreRead();
    const answer = await send(url, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        host: `localhost:${new URL(url).port}`,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(answer.status).toBe(204);
    expect(answer.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(answer.headers['access-control-allow-headers']).toBe('authorization,content-type');
  });

  it("include the console's own page, which resets through its proxy", async () => {
    const consoleUrl = t.cloud.consoleUrl ?? '';
    const page = await send(`${consoleUrl}/`, { headers: { host: hostOf(consoleUrl) } });
    expect(page.body).toContain('<title>console</title>');
    const reset = await send(`${consoleUrl}/control/reset`, {
      method: 'POST',
      headers: { origin: new URL(consoleUrl).origin, ...json },
    });
    expect(reset.status).toBe(200);
    expect((await t.firestore.doc('profiles/ada').get()).exists).toBe(false);
  });
});

describe('the control API', () => {
  it.each([
    ['POST', '/reset'],
    ['POST', '/seed'],
    ['POST', '/outbox/send'],
    ['POST', '/outbox/failures'],
    ['POST', '/faults'],
    ['PUT', '/delivery'],
    ['DELETE', '/outbox'],
  ])('refuses %s %s unless it declares application/json', async (method, path) => {
    for (const headers of [
      { 'content-type': 'text/plain;charset=UTF-8' },
      { 'content-type': 'application/x-www-form-urlencoded' },
      { 'content-type': 'multipart/form-data; boundary=x' },
      {} as Record<string, string>,
    ]) {
      const answer = await send(`${t.controlUrl}${path}`, {
        method,
        headers,
        body: '{"messages":[{"token":"planted"}],"token":"planted","code":"x"}',
      });
      expect(answer.status, JSON.stringify(headers)).toBe(415);
      const { error } = JSON.parse(answer.body) as { error: { message: string } };
      expect(error.message).toMatch(/Content-Type: application\/json/);
    }
    expect(t.outbox.messages).toEqual([]);
    expect(t.outbox.failures).toEqual([]);
    expect((await t.firestore.doc('profiles/ada').get()).exists).toBe(true);
  });

  it('takes application/json, with a charset or without a body', async () => {
    const send1 = await send(`${t.controlUrl}/outbox/send`, {
      method: 'POST',
      headers: { 'content-type': 'Application/JSON; charset=utf-8' },
      body: '{"messages":[{"token":"tok"}]}',
    });
    expect(send1.status).toBe(200);
    expect(t.outbox.messages).toHaveLength(1);
    const cleared = await send(`${t.controlUrl}/outbox`, { method: 'DELETE', headers: json });
    expect(cleared.status).toBe(200);
    expect(t.outbox.messages).toEqual([]);
  });

  it('refuses a JSON request from a foreign origin, and serves a loopback one', async () => {
    const post = (origin: string) =>
      send(`${t.controlUrl}/outbox/send`, {
        method: 'POST',
        headers: { origin, ...json },
        body: '{"messages":[{"token":"tok"}]}',
      });
    expectRefused(await post(FOREIGN_ORIGIN), /evil.example/);
    expect(t.outbox.messages).toEqual([]);
    expect((await post('http://127.0.0.1:4000')).status).toBe(200);
    expect(t.outbox.messages).toHaveLength(1);
  });
});
