import { deleteApp, initializeApp } from 'firebase-admin/app';
import type { App } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';
import type { Auth } from 'firebase-admin/auth';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAuthServer } from '../../src/auth/index.ts';
import type { AuthServer } from '../../src/auth/index.ts';

const PROJECT = 'demo-auth-admin';
let server: AuthServer;
let app: App;
let auth: Auth;

beforeAll(async () => {
  server = await startAuthServer({ port: 0, defaultProject: PROJECT });
  process.env['FIREBASE_AUTH_EMULATOR_HOST'] = server.hostAndPort;
  app = initializeApp({ projectId: PROJECT }, 'auth-admin-test');
  auth = getAuth(app);
});

afterAll(async () => {
  await deleteApp(app);
  await server.stop();
});

beforeEach(() => {
  server.reset();
});

async function signInWithPassword(email: string, password: string): Promise<string> {
  const response = await fetch(
    `${server.url}/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=fake`,
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password, returnSecureToken: true }),
    },
  );
  expect(response.status).toBe(200);
  const body = (await response.json()) as { idToken: string };
  return body.idToken;
}

describe('user management through firebase-admin', () => {
  it('creates, reads by uid and email, updates and deletes a user', async () => {
    const created = await auth.createUser({
      uid: 'alice',
      email: 'Alice@Example.com',
      password: 'secret123',
      displayName: 'Alice',
      photoURL: 'https://example.com/a.png',
      emailVerified: true,
    });
    expect(created.uid).toBe('alice');
    expect(created.email).toBe('alice@example.com');
    expect(created.displayName).toBe('Alice');
    expect(created.photoURL).toBe('https://example.com/a.png');
    expect(created.emailVerified).toBe(true);
    expect(created.disabled).toBe(false);
    expect(created.metadata.creationTime).toBeTruthy();
    expect(created.providerData.map((info) => info.providerId)).toEqual(['password']);

    const byEmail = await auth.getUserByEmail('alice@example.com');
    expect(byEmail.uid).toBe('alice');

    const updated = await auth.updateUser('alice', {
      displayName: 'Alice B',
      phoneNumber: '+15555550100',
      photoURL: null,
    });
    expect(updated.displayName).toBe('Alice B');
    expect(updated.phoneNumber).toBe('+15555550100');
    expect(updated.photoURL).toBeUndefined();
    expect((await auth.getUserByPhoneNumber('+15555550100')).uid).toBe('alice');

    await auth.deleteUser('alice');
    await expect(auth.getUser('alice')).rejects.toMatchObject({ code: 'auth/user-not-found' });
  });

  it('generates a uid when none is given', async () => {
    const user = await auth.createUser({ email: 'gen@example.com' });
    expect(user.uid).toMatch(/^[A-Za-z0-9]{28}$/);
  });

  it('stores no plaintext password and reports the scrypt hash to admins', async () => {
    const user = await auth.createUser({
      uid: 'hashed',
      email: 'h@example.com',
      password: 'pw123456',
    });
    expect(user.passwordHash).toBeTruthy();
    expect(user.passwordHash).not.toContain('pw123456');
    expect(user.passwordSalt).toBeTruthy();
  });

  it('maps Identity Toolkit errors to firebase-admin error codes', async () => {
    await auth.createUser({ uid: 'u1', email: 'dup@example.com' });
    await expect(auth.createUser({ email: 'dup@example.com' })).rejects.toMatchObject({
      code: 'auth/email-already-exists',
    });
    await expect(auth.createUser({ uid: 'u1' })).rejects.toMatchObject({
      code: 'auth/uid-already-exists',
    });
    await expect(auth.getUser('nobody')).rejects.toMatchObject({ code: 'auth/user-not-found' });
    await expect(auth.getUserByEmail('nobody@example.com')).rejects.toMatchObject({
      code: 'auth/user-not-found',
    });
    await expect(auth.updateUser('nobody', { displayName: 'x' })).rejects.toMatchObject({
      code: 'auth/user-not-found',
    });
    await expect(auth.deleteUser('nobody')).rejects.toMatchObject({ code: 'auth/user-not-found' });
    await auth.createUser({ uid: 'u2', email: 'other@example.com' });
    await expect(auth.updateUser('u2', { email: 'dup@example.com' })).rejects.toMatchObject({
      code: 'auth/email-already-exists',
    });
  });

  it('sets, validates and clears custom claims', async () => {
    await auth.createUser({ uid: 'claims' });
    await auth.setCustomUserClaims('claims', { admin: true, tier: 2 });
    expect((await auth.getUser('claims')).customClaims).toEqual({ admin: true, tier: 2 });

    await expect(
      auth.setCustomUserClaims('claims', { big: 'x'.repeat(1000) }),
    ).rejects.toMatchObject({
      code: 'auth/claims-too-large',
    });
    await expect(auth.setCustomUserClaims('claims', { sub: 'nope' })).rejects.toMatchObject({
      code: 'auth/reserved-claim',
    });

    await auth.setCustomUserClaims('claims', null);
    expect((await auth.getUser('claims')).customClaims ?? {}).toEqual({});
  });

  it('rejects reserved and oversized claims at the REST layer too', async () => {
    await auth.createUser({ uid: 'rest-claims' });
    const update = async (customAttributes: string): Promise<string> => {
      const response = await fetch(
        `${server.url}/identitytoolkit.googleapis.com/v1/projects/${PROJECT}/accounts:update`,
        {
          method: 'POST',
          headers: { Authorization: 'Bearer owner', 'Content-Type': 'application/json' },
          body: JSON.stringify({ localId: 'rest-claims', customAttributes }),
        },
      );
      expect(response.status).toBe(400);
      return ((await response.json()) as { error: { message: string } }).error.message;
    };
    expect(await update('{"firebase":1}')).toBe('FORBIDDEN_CLAIM : firebase');
    expect(await update('not json')).toBe('INVALID_CLAIMS');
    expect(await update('[1]')).toBe('INVALID_CLAIMS');
    expect(await update(JSON.stringify({ a: 'x'.repeat(1000) }))).toBe('CLAIMS_TOO_LARGE');
  });

  it('lists users in pages and deletes them in a batch', async () => {
    const uids = Array.from({ length: 7 }, (_, i) => `user-${String(i)}`);
    for (const uid of uids) await auth.createUser({ uid });

    const seen: string[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const page = await auth.listUsers(3, pageToken);
      seen.push(...page.users.map((user) => user.uid));
      pageToken = page.pageToken;
      pages++;
    } while (pageToken);
    expect(seen).toEqual(uids);
    expect(pages).toBe(3);

    const result = await auth.deleteUsers([...uids.slice(0, 5), 'missing']);
    expect(result.successCount).toBe(6);
    expect(result.failureCount).toBe(0);
    expect((await auth.listUsers()).users.map((user) => user.uid)).toEqual(['user-5', 'user-6']);
  });

  it('fetches several users at once and reports the missing ones', async () => {
    await auth.createUser({ uid: 'a', email: 'a@example.com' });
    await auth.createUser({ uid: 'b' });
    const result = await auth.getUsers([{ uid: 'b' }, { email: 'a@example.com' }, { uid: 'zz' }]);
    expect(result.users.map((user) => user.uid).sort()).toEqual(['a', 'b']);
    expect(result.notFound).toEqual([{ uid: 'zz' }]);
  });
});

describe('ID token verification', () => {
  it('accepts tokens from password sign-in, with the claims set by admins', async () => {
    await auth.createUser({ uid: 'v1', email: 'v1@example.com', password: 'secret123' });
    await auth.setCustomUserClaims('v1', { role: 'tech' });
    const decoded = await auth.verifyIdToken(
      await signInWithPassword('v1@example.com', 'secret123'),
    );
    expect(decoded.uid).toBe('v1');
    expect(decoded.email).toBe('v1@example.com');
    expect(decoded['role']).toBe('tech');
    expect(decoded.firebase.sign_in_provider).toBe('password');
    expect(decoded.aud).toBe(PROJECT);
    expect(decoded.iss).toBe(`https://securetoken.google.com/${PROJECT}`);
  });

  it('accepts minted tokens for existing users, with extra claims', async () => {
    await auth.createUser({ uid: 'minted', email: 'm@example.com' });
    const token = server.mintIdToken(PROJECT, 'minted', { admin: true });
    const decoded = await auth.verifyIdToken(token, true);
    expect(decoded.uid).toBe('minted');
    expect(decoded['admin']).toBe(true);
  });

  it('rejects tokens of disabled users and revoked sessions', async () => {
    await auth.createUser({ uid: 'rev', email: 'rev@example.com', password: 'secret123' });
    const token = await signInWithPassword('rev@example.com', 'secret123');
    await expect(auth.verifyIdToken(token, true)).resolves.toMatchObject({ uid: 'rev' });

    await auth.updateUser('rev', { disabled: true });
    await expect(auth.verifyIdToken(token, true)).rejects.toMatchObject({
      code: 'auth/user-disabled',
    });
    await auth.updateUser('rev', { disabled: false });

    // A validSince later than the token's auth_time revokes it, as revokeRefreshTokens does.
    const future = String(Math.floor(Date.now() / 1000) + 60);
    const response = await fetch(
      `${server.url}/identitytoolkit.googleapis.com/v1/projects/${PROJECT}/accounts:update`,
      {
        method: 'POST',
        headers: { Authorization: 'Bearer owner', 'Content-Type': 'application/json' },
        body: JSON.stringify({ localId: 'rev', validSince: future }),
      },
    );
    expect(response.status).toBe(200);
    await expect(auth.verifyIdToken(token, true)).rejects.toMatchObject({
      code: 'auth/id-token-revoked',
    });
  });

  it('rejects tokens for another project', async () => {
    await auth.createUser({ uid: 'elsewhere' });
    const token = server.mintIdToken('demo-other', 'elsewhere');
    await expect(auth.verifyIdToken(token)).rejects.toMatchObject({
      code: 'auth/argument-error',
    });
  });
});
