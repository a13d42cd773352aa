import {
  deleteApp as deleteAdminApp,
  initializeApp as initializeAdminApp,
} from 'firebase-admin/app';
import type { App as AdminApp } from 'firebase-admin/app';
import { getAuth as getAdminAuth } from 'firebase-admin/auth';
import type { Auth as AdminAuth } from 'firebase-admin/auth';
import { deleteApp, initializeApp } from 'firebase/app';
import type { FirebaseApp } from 'firebase/app';
import {
  connectAuthEmulator,
  createUserWithEmailAndPassword,
  deleteUser,
  getAuth,
  inMemoryPersistence,
  setPersistence,
  signInAnonymously,
  signInWithEmailAndPassword,
  signOut,
  updatePassword,
  updateProfile,
} from 'firebase/auth';
import type { Auth } from 'firebase/auth';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAuthServer } from '../../src/auth/index.ts';
import type { AuthServer } from '../../src/auth/index.ts';

const PROJECT = 'demo-auth-client';
let server: AuthServer;
let clientApp: FirebaseApp;
let client: Auth;
let adminApp: AdminApp;
let admin: AdminAuth;

beforeAll(async () => {
  server = await startAuthServer({ port: 0, defaultProject: PROJECT });
  process.env['FIREBASE_AUTH_EMULATOR_HOST'] = server.hostAndPort;
  adminApp = initializeAdminApp({ projectId: PROJECT }, 'auth-client-test-admin');
  admin = getAdminAuth(adminApp);
  clientApp = initializeApp({ apiKey: 'fake-api-key', projectId: PROJECT }, 'auth-client-test');
  client = getAuth(clientApp);
  await setPersistence(client, inMemoryPersistence);
  connectAuthEmulator(client, server.url, { disableWarnings: true });
});

afterAll(async () => {
  await signOut(client);
  await deleteApp(clientApp);
  await deleteAdminApp(adminApp);
  await server.stop();
});

beforeEach(async () => {
  await signOut(client);
  server.reset();
});

describe('email and password', () => {
  it('signs up, signs in and yields ID tokens firebase-admin accepts', async () => {
    const signUp = await createUserWithEmailAndPassword(client, 'Bob@Example.com', 'secret123');
    expect(signUp.user.email).toBe('bob@example.com');
    expect(signUp.user.isAnonymous).toBe(false);
    const uid = signUp.user.uid;
    await signOut(client);

    const signIn = await signInWithEmailAndPassword(client, 'bob@example.com', 'secret123');
    expect(signIn.user.uid).toBe(uid);
    const decoded = await admin.verifyIdToken(await signIn.user.getIdToken(), true);
    expect(decoded.uid).toBe(uid);
    expect(decoded.email).toBe('bob@example.com');
    expect(decoded.firebase.identities).toEqual({ email: ['bob@example.com'] });
    expect((await admin.getUser(uid)).metadata.lastSignInTime).toBeTruthy();
  });

  it('reports the client error codes for bad sign-ups and sign-ins', async () => {
    await createUserWithEmailAndPassword(client, 'taken@example.com', 'secret123');
    await signOut(client);
    await expect(
      createUserWithEmailAndPassword(client, 'taken@example.com', 'secret123'),
    ).rejects.toMatchObject({ code: 'auth/email-already-in-use' });
    await expect(
      createUserWithEmailAndPassword(client, 'new@example.com', '123'),
    ).rejects.toMatchObject({ code: 'auth/weak-password' });
    await expect(
      createUserWithEmailAndPassword(client, 'not-an-email', 'secret123'),
    ).rejects.toMatchObject({ code: 'auth/invalid-email' });
    await expect(
      signInWithEmailAndPassword(client, 'taken@example.com', 'wrong-password'),
    ).rejects.toMatchObject({ code: 'auth/wrong-password' });
    await expect(
      signInWithEmailAndPassword(client, 'ghost@example.com', 'secret123'),
    ).rejects.toMatchObject({ code: 'auth/user-not-found' });
  });

  it('hides which credential was wrong when email privacy is on', async () => {
    await createUserWithEmailAndPassword(client, 'priv@example.com', 'secret123');
    await signOut(client);
    const response = await fetch(`${server.url}/emulator/v1/projects/${PROJECT}/config`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ emailPrivacyConfig: { enableImprovedEmailPrivacy: true } }),
    });
    expect(response.status).toBe(200);
    await expect(
      signInWithEmailAndPassword(client, 'priv@example.com', 'wrong-password'),
    ).rejects.toMatchObject({ code: 'auth/invalid-credential' });
    await expect(
      signInWithEmailAndPassword(client, 'ghost@example.com', 'secret123'),
    ).rejects.toMatchObject({ code: 'auth/invalid-credential' });
  });

  it('refuses sign-in of a disabled user', async () => {
    const { user } = await createUserWithEmailAndPassword(client, 'off@example.com', 'secret123');
    await signOut(client);
    await admin.updateUser(user.uid, { disabled: true });
    await expect(
      signInWithEmailAndPassword(client, 'off@example.com', 'secret123'),
    ).rejects.toMatchObject({ code: 'auth/user-disabled' });
  });

  it('updates the profile and password of the signed-in user', async () => {
    const { user } = await createUserWithEmailAndPassword(client, 'p@example.com', 'secret123');
    await updateProfile(user, { displayName: 'Pat', photoURL: 'https://example.com/p.png' });
    const record = await admin.getUser(user.uid);
    expect(record.displayName).toBe('Pat');
    expect(record.photoURL).toBe('https://example.com/p.png');

    await updatePassword(user, 'another-secret');
    await signOut(client);
    await expect(
      signInWithEmailAndPassword(client, 'p@example.com', 'secret123'),
    ).rejects.toMatchObject({ code: 'auth/wrong-password' });
    await expect(
      signInWithEmailAndPassword(client, 'p@example.com', 'another-secret'),
    ).resolves.toBeTruthy();
  });

  it('deletes the signed-in user', async () => {
    const { user } = await createUserWithEmailAndPassword(client, 'd@example.com', 'secret123');
    await deleteUser(user);
    await expect(admin.getUser(user.uid)).rejects.toMatchObject({ code: 'auth/user-not-found' });
  });
});

describe('anonymous sign-in and token refresh', () => {
  it('signs in anonymously', async () => {
    const { user } = await signInAnonymously(client);
    expect(user.isAnonymous).toBe(true);
    const decoded = await admin.verifyIdToken(await user.getIdToken());
    expect(decoded.uid).toBe(user.uid);
    expect(decoded.firebase.sign_in_provider).toBe('anonymous');
  });

  it('puts custom claims set by an admin into a refreshed ID token', async () => {
    const { user } = await createUserWithEmailAndPassword(client, 'c@example.com', 'secret123');
    expect((await user.getIdTokenResult()).claims['role']).toBeUndefined();
    await admin.setCustomUserClaims(user.uid, { role: 'owner' });
    const refreshed = await user.getIdTokenResult(true);
    expect(refreshed.claims['role']).toBe('owner');
    const decoded = await admin.verifyIdToken(refreshed.token, true);
    expect(decoded['role']).toBe('owner');
  });

  it('refuses to refresh a disabled user or an unknown refresh token', async () => {
    const { user } = await signInAnonymously(client);
    await admin.updateUser(user.uid, { disabled: true });
    await expect(user.getIdToken(true)).rejects.toMatchObject({ code: 'auth/user-disabled' });

    const response = await fetch(`${server.url}/securetoken.googleapis.com/v1/token?key=k`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=refresh_token&refresh_token=bogus',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { code: 400, message: 'INVALID_REFRESH_TOKEN' },
    });
  });
});
