import { deleteApp, initializeApp } from 'firebase-admin/app';
import type { App } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';
import { onCall } from 'firebase-functions/v2/https';
import type { CallableRequest } from 'firebase-functions/v2/https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAuthServer } from '../../src/auth/index.ts';
import type { AuthServer } from '../../src/auth/index.ts';

const PROJECT = 'demo-auth-callable';
let server: AuthServer;
let app: App;

beforeAll(async () => {
  server = await startAuthServer({ port: 0, defaultProject: PROJECT });
  process.env['FIREBASE_AUTH_EMULATOR_HOST'] = server.hostAndPort;
  // firebase-functions verifies callable auth with the default firebase-admin app.
  app = initializeApp({ projectId: PROJECT });
});

afterAll(async () => {
  await deleteApp(app);
  await server.stop();
});

interface CallResult {
  status: number;
  body: unknown;
}

/** Invokes a callable the way its HTTPS front door would, with a bare request/response pair. */
function invoke(
  handler: (req: unknown, res: unknown) => unknown,
  idToken: string,
): Promise<CallResult> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      authorization: `Bearer ${idToken}`,
    };
    const req = {
      method: 'POST',
      url: '/',
      headers,
      body: { data: { ping: true } },
      header: (name: string) => headers[name.toLowerCase()],
      get: (name: string) => headers[name.toLowerCase()],
    };
    const res = {
      statusCode: 200,
      setHeader: () => undefined,
      getHeader: () => undefined,
      on: () => undefined,
      status(code: number) {
        this.statusCode = code;
        return this;
      },
      send(body: unknown) {
        resolve({ status: this.statusCode, body });
      },
      json(body: unknown) {
        resolve({ status: this.statusCode, body });
      },
      end(body?: unknown) {
        resolve({ status: this.statusCode, body });
      },
    };
    void handler(req, res);
  });
}

describe('firebase-functions callables', () => {
  it('see the uid and claims of an emulator ID token', async () => {
    await getAuth(app).createUser({ uid: 'caller', email: 'caller@example.com' });
    const seen: CallableRequest[] = [];
    const callable = onCall((request) => {
      seen.push(request);
      return { uid: request.auth?.uid };
    });
    const result = await invoke(
      callable as unknown as (req: unknown, res: unknown) => unknown,
      server.mintIdToken(PROJECT, 'caller', { role: 'tech' }),
    );
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ result: { uid: 'caller' } });
    expect(seen[0]?.auth?.token['role']).toBe('tech');
    expect(seen[0]?.auth?.token.email).toBe('caller@example.com');
  });
});
