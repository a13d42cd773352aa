// The web SDK from an app origin the developer configured (`allowedOrigins`), on another local port
// than every service: Auth, Firestore (WebChannel and REST), Storage and a callable answer it with
// the Emulator Suite's CORS. The same page from an origin nobody configured gets nothing, not even
// with `Bearer owner`, and changes nothing through the control API.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCloud } from '@gadget/local-cloud/testing';
import { browserUnavailable } from '../helpers/chromium.ts';
import { startProductCloud } from '../helpers/product-cloud.ts';
import { closeBrowser, openPage, servePage } from './browser.ts';
import type { BrowserPage, ServedPage } from './browser.ts';
import type { PageConfig } from './page/app.ts';

const unavailable = browserUnavailable();
if (unavailable) console.warn(`Skipping the browser tests: ${unavailable}.`);

interface Gadget {
  init(config: PageConfig): Promise<string>;
  listenDocument(name: string, path: string): void;
  snapshots(name: string): { fromCache: boolean; ids: string[] }[];
  markReadInTransaction(path: string): Promise<boolean>;
  upload(path: string, base64: string, contentType: string): Promise<void>;
  call(name: string, data: unknown): Promise<unknown>;
  fetchFromPage(url: string, init: RequestInit): Promise<string>;
}
declare const gadget: Gadget;

// Chromium resolves every *.localhost name to loopback, but neither is a loopback origin to
// local-cloud: only `localhost`, `127.0.0.1` and `[::1]` are.
const APP_HOST = 'gadget-app.localhost';
const STRANGER_HOST = 'stranger.localhost';
const PASSWORD = 'web-password-1';

describe.skipIf(unavailable !== undefined)('the web SDK from a configured app origin', () => {
  let app: ServedPage;
  let stranger: ServedPage;
  let cloud: TestCloud;
  const pages: BrowserPage[] = [];

  beforeAll(async () => {
    app = await servePage(APP_HOST);
    stranger = await servePage(STRANGER_HOST);
    cloud = await startProductCloud({
      allowedOrigins: [app.origin],
      // The page carries no App Check token, as apps against the emulators do not.
      functionsEnv: { APP_CHECK_ENFORCED: 'false' },
    });
  });

  afterAll(async () => {
    for (const page of pages) await page.close();
    await closeBrowser();
    await cloud.stop();
    await app.close();
    await stranger.close();
  });

  async function opened(served: ServedPage): Promise<BrowserPage> {
    const page = await openPage(served);
    pages.push(page);
    return page;
  }

  function config(email: string): PageConfig {
    const { host, ports, projectId, storageBucket } = cloud.cloud;
    return { projectId, storageBucket, host, ports, longPolling: false, email, password: PASSWORD };
  }

  const firestoreRest = (path: string) =>
    `http://${cloud.cloud.firestoreServer.address}/v1/projects/${cloud.projectId}/databases/(default)/documents/${path}`;

  it('signs in, calls, listens, transacts and uploads', async () => {
    const email = `app-${String(Date.now())}@gadget.test`;
    await cloud.signUp({ email, password: PASSWORD });
    await cloud.idle();
    const { page } = await opened(app);

    const uid = await page.evaluate((c) => gadget.init(c), config(email));
    const ensured = await page.evaluate(() => gadget.call('ensureProfile', { locale: 'de-DE' }));
    expect(ensured).toMatchObject({ profile: { uid } });

    await page.evaluate((p) => {
      gadget.listenDocument('profile', p);
    }, `users/${uid}`);
    await expect
      .poll(async () =>
        (await page.evaluate(() => gadget.snapshots('profile'))).some(
          (s) => !s.fromCache && s.ids.length === 1,
        ),
      )
      .toBe(true);

    const notice = `users/${uid}/notifications/n1`;
    await cloud.firestore.doc(notice).set({ title: 'Hi', createdAt: new Date(), readAt: null });
    expect(await page.evaluate((p) => gadget.markReadInTransaction(p), notice)).toBe(true);
    expect((await cloud.firestore.doc(notice).get()).get('readAt')).not.toBeNull();

    const jpeg = await sharp({
      create: { width: 64, height: 48, channels: 3, background: { r: 10, g: 120, b: 200 } },
    })
      .jpeg()
      .toBuffer();
    await page.evaluate(
      ([p, b]) => gadget.upload(p ?? '', b ?? '', 'image/jpeg'),
      [`uploads/users/${uid}/avatar/me.jpg`, jpeg.toString('base64')],
    );

    // A configured origin is trusted as a loopback one: the Emulator Suite's admin token works.
    const read = await page.evaluate(
      ([url]) => gadget.fetchFromPage(url ?? '', { headers: { Authorization: 'Bearer owner' } }),
      [firestoreRest(`users/${uid}`)],
    );
    expect(read).toMatch(/^200 /);
  });

  it('gives a page from an origin nobody configured nothing, and lets it change nothing', async () => {
    const email = `stranger-${String(Date.now())}@gadget.test`;
    const { uid } = await cloud.signUp({ email, password: PASSWORD });
    await cloud.idle();
    await cloud.firestore.doc(`users/${uid}/notifications/n1`).set({ title: 'Private' });
    const { page } = await opened(stranger);

    await expect(page.evaluate((c) => gadget.init(c), config(email))).rejects.toThrow(
      /auth\/network-request-failed/,
    );
    const read = await page.evaluate(
      ([url]) => gadget.fetchFromPage(url ?? '', { headers: { Authorization: 'Bearer owner' } }),
      [firestoreRest(`users/${uid}/notifications`)],
    );
    expect(read).toBe('failed: Failed to fetch');
    const listing = await page.evaluate(
      ([url]) => gadget.fetchFromPage(url ?? '', {}),
      [`${cloud.cloud.storageServer.url}/storage/v1/b/${cloud.cloud.storageBucket}/o`],
    );
    expect(listing).toBe('failed: Failed to fetch');

    // What a page may send cross-site without asking first: a text/plain POST, answer unread.
    const control = `http://${cloud.cloud.host}:${String(cloud.cloud.ports.control)}`;
    const sent = await page.evaluate(
      ([url]) => gadget.fetchFromPage(url ?? '', { method: 'POST', mode: 'no-cors', body: '{}' }),
      [`${control}/reset`],
    );
    expect(sent).toBe('0 ');
    expect((await cloud.firestore.doc(`users/${uid}/notifications/n1`).get()).exists).toBe(true);
  });
});
