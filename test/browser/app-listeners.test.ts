// The app's flows in a real browser: the firebase web SDK in headless Chromium (WebChannel for the
// Listen and Write streams, REST for one-shot calls), over the default transport and over forced
// long polling, while the backend's real flows run on the test cloud.
import sharp from 'sharp';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { TestCloud } from '@gadget/local-cloud/testing';
import { addMember, claimedDevice } from '../helpers/devices.ts';
import { useCloud } from '../helpers/product-cloud.ts';
import { reading, setThresholds, startTelemetryCloud } from '../helpers/telemetry.ts';
import { browserUnavailable } from '../helpers/chromium.ts';
import { closeBrowser, openPage } from './browser.ts';
import type { BrowserPage } from './browser.ts';
import type { PageConfig, SnapshotView } from './page/app.ts';

const unavailable = browserUnavailable();
if (unavailable) console.warn(`Skipping the browser tests: ${unavailable}.`);

interface Gadget {
  init(config: PageConfig): Promise<string>;
  listenOwnDevices(name: string): void;
  listenInbox(name: string): void;
  listenDocument(name: string, path: string): void;
  snapshots(name: string): SnapshotView[];
  error(name: string): string | undefined;
  requests(): string[];
  markRead(path: string): Promise<void>;
  markReadInTransaction(path: string): Promise<boolean>;
  upload(path: string, base64: string, contentType: string): Promise<void>;
}
declare const gadget: Gadget;

let cloud: TestCloud;
useCloud(
  () => startTelemetryCloud(),
  (started) => {
    cloud = started;
  },
);

const pages: BrowserPage[] = [];
afterEach(async () => {
  for (const p of pages.splice(0)) await p.close();
});
afterAll(closeBrowser);

interface AppInBrowser {
  readonly uid: string;
  readonly page: BrowserPage['page'];
  /** Waits for a server snapshot of listener `name` that passes `test`, and returns it. */
  until(name: string, test: (s: SnapshotView) => boolean, what: string): Promise<SnapshotView>;
}

async function signedIn(longPolling: boolean): Promise<AppInBrowser> {
  const email = `web-${String(pages.length)}-${String(Date.now())}@gadget.test`;
  const password = 'web-password-1';
  await cloud.signUp({ email, password });
  await cloud.idle();
  const opened = await openPage();
  pages.push(opened);
  const { page } = opened;
  const { host, ports, projectId, storageBucket } = cloud.cloud;
  const config: PageConfig = {
    projectId,
    storageBucket,
    host,
    ports,
    longPolling,
    email,
    password,
  };
  const uid = await page.evaluate((c) => gadget.init(c), config);
  let taken = new Map<string, number>();
  return {
    uid,
    page,
    until: async (name, test, what) => {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const views = await page.evaluate((n) => gadget.snapshots(n), name);
        const from = taken.get(name) ?? 0;
        const index = views.findIndex((v, i) => i >= from && !v.fromCache && test(v));
        const hit = views[index];
        if (hit) {
          taken = new Map(taken).set(name, index + 1);
          return hit;
        }
        const error = await page.evaluate((n) => gadget.error(n), name);
        if (error) throw new Error(`listener ${name} failed: ${error}`);
        if (Date.now() > deadline)
          throw new Error(`no snapshot of ${name} with ${what}; saw ${JSON.stringify(views)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

const field = (s: SnapshotView, path: string): unknown =>
  path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | null)?.[k], s.data);

describe.skipIf(unavailable !== undefined).each([
  { transport: 'the default transport', longPolling: false },
  { transport: 'forced long polling', longPolling: true },
])('the web app over $transport', ({ longPolling }) => {
  it('follows its device list through claim, invite, removal and release', async () => {
    const ann = await signedIn(longPolling);
    const bob = await signedIn(longPolling);
    await ann.page.evaluate(() => {
      gadget.listenOwnDevices('own');
    });
    await bob.page.evaluate(() => {
      gadget.listenOwnDevices('own');
    });
    await ann.until('own', (s) => s.ids.length === 0, 'an empty list');
    await bob.until('own', (s) => s.ids.length === 0, 'an empty list');

    const { deviceId } = await claimedDevice(cloud, ann.uid, { name: 'Hall' });
    const claimed = await ann.until('own', (s) => s.ids.length === 1, 'the claimed device');
    expect(claimed.changes).toEqual([`added:${deviceId}`]);

    await addMember(cloud, deviceId, ann.uid, bob.uid, 'viewer');
    expect(
      (await bob.until('own', (s) => s.ids.length === 1, 'the shared device')).changes,
    ).toEqual([`added:${deviceId}`]);
    await cloud.call('removeMember', { deviceId, uid: bob.uid }, { uid: ann.uid });
    expect((await bob.until('own', (s) => s.ids.length === 0, 'the device gone')).changes).toEqual([
      `removed:${deviceId}`,
    ]);
    await cloud.call('releaseDevice', { deviceId }, { uid: ann.uid });
    await ann.until('own', (s) => s.ids.length === 0, 'the released device gone');

    // The listeners really went over WebChannel. Resource timing lists a request once it has
    // ended, so an open streaming back channel is not listed yet; long polls end with each answer.
    const listen = (await ann.page.evaluate(() => gadget.requests())).filter((url) =>
      url.includes('/google.firestore.v1.Firestore/Listen/channel'),
    );
    expect(listen.length).toBeGreaterThan(0);
    if (longPolling) {
      const polls = listen.filter((url) => url.includes('RID=rpc'));
      expect(polls.length).toBeGreaterThan(0);
      expect(polls.every((url) => url.includes('CI=1'))).toBe(true);
    }
  });

  it('shows the latest reading, an alert in the inbox, and marks it read', async () => {
    const ann = await signedIn(longPolling);
    const { deviceId } = await claimedDevice(cloud, ann.uid);
    await setThresholds(
      cloud,
      { deviceId, serial: '', ownerUid: ann.uid },
      {
        temperature: { max: 30 },
      },
    );
    await ann.page.evaluate(
      ([path]) => {
        gadget.listenDocument('device', path ?? '');
        gadget.listenInbox('inbox');
      },
      [`devices/${deviceId}`],
    );
    await ann.until('device', (s) => s.ids.length === 1, 'the device');
    await ann.until('inbox', () => true, 'the first inbox snapshot');
    await cloud.call(
      'submitReadings',
      { deviceId, readings: [reading('hot', 1, { temperature: 35.5 })] },
      { uid: ann.uid },
    );
    await ann.until('device', (s) => field(s, 'latest.values.temperature') === 35.5, 'the reading');
    await cloud.idle();
    const inbox = await ann.until('inbox', (s) => s.ids.length === 1, 'the alert notice');
    const path = `users/${ann.uid}/notifications/${inbox.ids[0] ?? ''}`;

    await ann.page.evaluate(
      ([p]) => {
        gadget.listenDocument('notice', p ?? '');
      },
      [path],
    );
    await ann.until('notice', (s) => s.ids.length === 1, 'the notice');
    await ann.page.evaluate((p) => gadget.markRead(p), path);
    const views = await ann.page.evaluate(() => gadget.snapshots('notice'));
    expect(views.some((v) => v.pending)).toBe(true);
    await ann.until(
      'notice',
      (s) => !s.pending && field(s, 'readAt') !== null,
      'the confirmed read',
    );
    expect((await cloud.firestore.doc(path).get()).get('readAt')).not.toBeNull();
    const requests = await ann.page.evaluate(() => gadget.requests());
    expect(
      requests.some((url) => url.includes('/google.firestore.v1.Firestore/Write/channel')),
    ).toBe(true);
  });

  it('runs a transaction and follows a document deleted and recreated', async () => {
    const ann = await signedIn(longPolling);
    const path = `users/${ann.uid}/notifications/n1`;
    await cloud.firestore.doc(path).set({ title: 'Hi', createdAt: new Date(), readAt: null });
    expect(await ann.page.evaluate((p) => gadget.markReadInTransaction(p), path)).toBe(true);
    expect((await cloud.firestore.doc(path).get()).get('readAt')).not.toBeNull();

    await ann.page.evaluate(
      ([p]) => {
        gadget.listenDocument('profile', p ?? '');
      },
      [`users/${ann.uid}`],
    );
    await ann.until('profile', (s) => s.ids.length === 1, 'the profile');
    await cloud.firestore.doc(`users/${ann.uid}`).delete();
    await ann.until('profile', (s) => s.ids.length === 0, 'the profile gone');
    await cloud.call('ensureProfile', { locale: 'de-DE' }, { uid: ann.uid });
    const back = await ann.until('profile', (s) => s.ids.length === 1, 'the profile back');
    expect(field(back, 'locale')).toBe('de-DE');
  });

  it('uploads an avatar and sees the manifest the image pipeline writes', async () => {
    const ann = await signedIn(longPolling);
    await ann.page.evaluate(
      ([p]) => {
        gadget.listenDocument('profile', p ?? '');
      },
      [`users/${ann.uid}`],
    );
    await ann.until('profile', (s) => s.ids.length === 1, 'the profile');
    const jpeg = await sharp({
      create: { width: 400, height: 300, channels: 3, background: { r: 10, g: 120, b: 200 } },
    })
      .jpeg()
      .toBuffer();
    await ann.page.evaluate(
      ([p, b]) => gadget.upload(p ?? '', b ?? '', 'image/jpeg'),
      [`uploads/users/${ann.uid}/avatar/me.jpg`, jpeg.toString('base64')],
    );
    const ready = await ann.until(
      'profile',
      (s) => field(s, 'avatar.status') === 'ready',
      'a ready avatar manifest',
    );
    const variants = field(ready, 'avatar.variants') as { size: number }[];
    expect(variants.map((v) => v.size)).toEqual([128, 512]);
  });
});
