// `npm start` as an app developer meets it: the official firebase JS client SDK, pointed at the
// dev server with the connect*Emulator calls and nothing else changed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deleteApp, initializeApp } from 'firebase/app';
import type { FirebaseApp } from 'firebase/app';
import {
  connectAuthEmulator,
  createUserWithEmailAndPassword,
  getAuth,
  signInWithEmailAndPassword,
} from 'firebase/auth';
import { connectFunctionsEmulator, getFunctions, httpsCallable } from 'firebase/functions';
import {
  connectStorageEmulator,
  getDownloadURL,
  getStorage,
  ref,
  uploadBytes,
} from 'firebase/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnsureProfileResponse } from '@gadget/shared';
import { startDevServer, stopDevServer, waitForBanner } from './dev-server-process.ts';
import type { DevServer } from './dev-server-process.ts';

const CONTROL = 'http://127.0.0.1:4400';

function clientApp(name: string): FirebaseApp {
  const app = initializeApp(
    { apiKey: 'demo-key', projectId: 'demo-gadget', storageBucket: 'demo-gadget.appspot.com' },
    name,
  );
  connectAuthEmulator(getAuth(app), 'http://127.0.0.1:9099', { disableWarnings: true });
  connectFunctionsEmulator(getFunctions(app), '127.0.0.1', 5001);
  connectStorageEmulator(getStorage(app), '127.0.0.1', 9199);
  return app;
}

describe('npm start with the firebase client SDK', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'gadget-dev-server-'));
  let server: DevServer;
  const apps: FirebaseApp[] = [];

  beforeAll(async () => {
    server = startDevServer(stateDir, ['--reset']);
    await waitForBanner(server);
  }, 90_000);

  afterAll(async () => {
    for (const app of apps) await deleteApp(app);
    await stopDevServer(server);
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('prints a banner with the URLs, the demo login and how to connect an app', () => {
    const banner = server.output();
    expect(banner).toContain('http://127.0.0.1:9099');
    expect(banner).toContain('http://127.0.0.1:5001/demo-gadget/us-central1/{name}');
    expect(banner).toContain('demo@gadget.test / gadget-demo');
    expect(banner).toContain("connectFunctionsEmulator(functions, '127.0.0.1', 5001)");
    expect(banner).toMatch(
      /seeded 1 user\(s\), 1 push token\(s\), 6 registry entries, 1 device\(s\), 288 readings/,
    );
  });

  it('signs up, ensures the profile, uploads a file and downloads it through getDownloadURL', async () => {
    const app = clientApp('journey');
    apps.push(app);
    const credential = await createUserWithEmailAndPassword(
      getAuth(app),
      'ada@gadget.test',
      'lovelace-1815',
    );
    const ensureProfile = httpsCallable<unknown, EnsureProfileResponse>(
      getFunctions(app),
      'ensureProfile',
    );
    const { data } = await ensureProfile({ locale: 'de-de', timeZone: 'Europe/Berlin' });
    expect(data.profile.uid).toBe(credential.user.uid);
    expect(data.profile.email).toBe('ada@gadget.test');

    const bytes = new TextEncoder().encode('hello from the app');
    const fileRef = ref(getStorage(app), `uploads/users/${credential.user.uid}/notes/hello.txt`);
    await uploadBytes(fileRef, bytes, { contentType: 'text/plain' });
    const url = await getDownloadURL(fileRef);
    const downloaded = await fetch(url);
    expect(downloaded.status).toBe(200);
    expect(await downloaded.text()).toBe('hello from the app');
  });

  it('answers callable errors in the client SDK’s terms', async () => {
    const app = clientApp('errors');
    apps.push(app);
    await createUserWithEmailAndPassword(getAuth(app), 'bad-input@gadget.test', 'password-1');
    const ensureProfile = httpsCallable(getFunctions(app), 'ensureProfile');
    await expect(ensureProfile({ timeZone: 'Mars/Olympus' })).rejects.toMatchObject({
      code: 'functions/invalid-argument',
    });
  });

  it('loads the seed: the demo user signs in and has a profile made by the sign-up trigger', async () => {
    const app = clientApp('demo');
    apps.push(app);
    const credential = await signInWithEmailAndPassword(
      getAuth(app),
      'demo@gadget.test',
      'gadget-demo',
    );
    const { data } = await httpsCallable<unknown, EnsureProfileResponse>(
      getFunctions(app),
      'ensureProfile',
    )({});
    expect(data.created).toBe(false);
    expect(data.profile.displayName).toBe('Demo User');
    expect(credential.user.uid).toBe('demo-user');
  });

  it('serves the control API on 4400', async () => {
    const health = (await (await fetch(`${CONTROL}/health`)).json()) as {
      status: string;
      functions: string[];
    };
    expect(health.status).toBe('ok');
    expect(health.functions).toEqual(expect.arrayContaining(['ensureProfile', 'onUserCreated']));
    const ops = (await (await fetch(`${CONTROL}/ops`)).json()) as { reads: number; writes: number };
    // The seed's writes went through the counted API: its demo users, gadgets and hours of readings.
    expect(ops.writes).toBeGreaterThan(20);
  });

  it('refuses to start a second time, naming the port that is taken', async () => {
    const second = startDevServer(mkdtempSync(join(tmpdir(), 'gadget-dev-server-2-')));
    const code = await second.exited;
    expect(code).not.toBe(0);
    expect(second.output()).toMatch(
      /Port (8080|9099|9199|4400|5001) on 127\.0\.0\.1 is already in use/,
    );
  }, 60_000);

  it('saves on Ctrl-C and comes back with the same data', async () => {
    expect(await stopDevServer(server)).toBe(0);
    expect(server.output()).toContain('Stopped.');

    server = startDevServer(stateDir);
    await waitForBanner(server);
    expect(server.output()).toContain('restored the state saved');
    const app = clientApp('after-restart');
    apps.push(app);
    const credential = await signInWithEmailAndPassword(
      getAuth(app),
      'ada@gadget.test',
      'lovelace-1815',
    );
    const { data } = await httpsCallable<unknown, EnsureProfileResponse>(
      getFunctions(app),
      'ensureProfile',
    )({});
    expect(data.created).toBe(false);
    expect(data.profile.locale).toBe('de-DE');
    const url = await getDownloadURL(
      ref(getStorage(app), `uploads/users/${credential.user.uid}/notes/hello.txt`),
    );
    expect(await (await fetch(url)).text()).toBe('hello from the app');
  }, 90_000);
});
