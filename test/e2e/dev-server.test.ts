// `npm start` as an app developer meets it: the official firebase JS client SDK, pointed at the
// dev server with the connect*Emulator calls and nothing else changed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deleteApp } from 'firebase/app';
import type { FirebaseApp } from 'firebase/app';
import { createUserWithEmailAndPassword, getAuth, signInWithEmailAndPassword } from 'firebase/auth';
import { doc, getDocFromServer, getFirestore } from 'firebase/firestore';
import { getFunctions, httpsCallable } from 'firebase/functions';
import sharp from 'sharp';
import { getDownloadURL, getStorage, ref, uploadBytes } from 'firebase/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnsureProfileResponse } from '@gadget/shared';
import { devServerApp } from './dev-server-app.ts';
import { startDevServer, stopDevServer, waitForBanner } from './dev-server-process.ts';
import type { DevServer } from './dev-server-process.ts';

const CONTROL = 'http://127.0.0.1:4400';

/** Waits for the image pipeline's 128 px avatar variant and returns its download URL. */
async function variantUrl(app: FirebaseApp, uid: string): Promise<string> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const profile = await getDocFromServer(doc(getFirestore(app), `users/${uid}`));
    if (profile.get('avatar.status') === 'ready')
      return getDownloadURL(ref(getStorage(app), `images/users/${uid}/avatar/128.webp`));
    if (Date.now() > deadline) throw new Error('the avatar never became ready');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
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

  it('signs up, ensures the profile, uploads an avatar and downloads its variant through getDownloadURL', async () => {
    const app = devServerApp('journey');
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

    // storage.rules are in force: a file that is not an image, or not under the avatar path, is refused.
    const note = ref(getStorage(app), `uploads/users/${credential.user.uid}/notes/hello.txt`);
    await expect(
      uploadBytes(note, new TextEncoder().encode('hello'), { contentType: 'text/plain' }),
    ).rejects.toMatchObject({ code: 'storage/unauthorized' });
    const png = await sharp({
      create: { width: 64, height: 64, channels: 3, background: { r: 0, g: 128, b: 255 } },
    })
      .png()
      .toBuffer();
    const avatar = ref(getStorage(app), `uploads/users/${credential.user.uid}/avatar/me.png`);
    await uploadBytes(avatar, png, { contentType: 'image/png' });
    const url = await variantUrl(app, credential.user.uid);
    const downloaded = await fetch(url);
    expect(downloaded.status).toBe(200);
    expect((await sharp(Buffer.from(await downloaded.arrayBuffer())).metadata()).format).toBe(
      'webp',
    );
  });

  it('answers callable errors in the client SDK’s terms', async () => {
    const app = devServerApp('errors');
    apps.push(app);
    await createUserWithEmailAndPassword(getAuth(app), 'bad-input@gadget.test', 'password-1');
    const ensureProfile = httpsCallable(getFunctions(app), 'ensureProfile');
    await expect(ensureProfile({ timeZone: 'Mars/Olympus' })).rejects.toMatchObject({
      code: 'functions/invalid-argument',
    });
  });

  it('loads the seed: the demo user signs in and has a profile made by the sign-up trigger', async () => {
    const app = devServerApp('demo');
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
    const app = devServerApp('after-restart');
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
    const url = await variantUrl(app, credential.user.uid);
    expect((await fetch(url)).status).toBe(200);
  }, 90_000);
});
