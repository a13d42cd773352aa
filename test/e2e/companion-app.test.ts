// The companion app's whole life on this backend, as an app would live it: the official firebase JS
// client SDK against `npm start`, from sign-up to account deletion. What the app reads it reads
// with the client SDK, under the project's rules; what only the server sees (the registry, what is
// gone after deletion) is checked with firebase-admin.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  deleteApp as deleteAdminApp,
  initializeApp as initializeAdminApp,
} from 'firebase-admin/app';
import type { App as AdminApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import { getStorage as getAdminStorage } from 'firebase-admin/storage';
import type { Firestore } from 'firebase-admin/firestore';
import { deleteApp } from 'firebase/app';
import type { FirebaseApp } from 'firebase/app';
import { createUserWithEmailAndPassword, getAuth } from 'firebase/auth';
import { doc, getDocFromServer, getFirestore as getClientFirestore } from 'firebase/firestore';
import { getFunctions, httpsCallable } from 'firebase/functions';
import { getDownloadURL, getStorage, ref, uploadBytes } from 'firebase/storage';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devServerApp } from './dev-server-app.ts';
import { startDevServer, stopDevServer, waitForBanner } from './dev-server-process.ts';
import type { DevServer } from './dev-server-process.ts';

const CONTROL = 'http://127.0.0.1:4400';
const INGEST = 'http://127.0.0.1:5001/demo-gadget/us-central1/ingest';

interface Person {
  readonly app: FirebaseApp;
  readonly uid: string;
  call<T = Record<string, unknown>>(name: string, data?: unknown): Promise<T>;
}

async function signUp(name: string): Promise<Person> {
  const app = devServerApp(name);
  const { user } = await createUserWithEmailAndPassword(
    getAuth(app),
    `${name}@gadget.test`,
    `${name}-password`,
  );
  return {
    app,
    uid: user.uid,
    call: async <T>(callable: string, data?: unknown) =>
      (await httpsCallable<unknown, T>(getFunctions(app), callable)(data ?? {})).data,
  };
}

interface OutboxEntry {
  message: { token: string; data?: Record<string, string> };
  result: { success: boolean };
}

/** A document as the app reads it: from the server, through the client SDK and the rules. */
async function appRead(person: Person, path: string) {
  return getDocFromServer(doc(getClientFirestore(person.app), path));
}

async function outbox(): Promise<OutboxEntry[]> {
  return ((await (await fetch(`${CONTROL}/outbox`)).json()) as { messages: OutboxEntry[] })
    .messages;
}

async function until<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function readings(
  prefix: string,
  values: Record<string, number>[],
  start = Date.now() - values.length * 60_000,
) {
  return values.map((v, i) => ({
    id: `${prefix}-${String(i)}`,
    ts: new Date(start + i * 60_000).toISOString(),
    values: v,
  }));
}

/** A JPEG as a phone takes it: rotated by EXIF and carrying GPS coordinates. */
function phonePhoto(): Promise<Buffer> {
  return sharp({
    create: { width: 800, height: 600, channels: 3, background: { r: 200, g: 120, b: 40 } },
  })
    .jpeg()
    .withExif({
      IFD0: { Orientation: '6' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '52/1 31/1 0/1' },
    })
    .toBuffer();
}

describe('the companion-app journey', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'gadget-journey-'));
  let server: DevServer;
  let admin: AdminApp;
  let db: Firestore;
  let ada: Person;
  let bob: Person;
  let deviceId: string;
  const people: Person[] = [];

  beforeAll(async () => {
    server = startDevServer(stateDir, ['--reset']);
    await waitForBanner(server);
    process.env.FIRESTORE_EMULATOR_HOST = '127.0.0.1:8080';
    process.env.FIREBASE_STORAGE_EMULATOR_HOST = '127.0.0.1:9199';
    process.env.METADATA_SERVER_DETECTION = 'none';
    admin = initializeAdminApp({ projectId: 'demo-gadget' }, 'journey-admin');
    db = getFirestore(admin);
  }, 90_000);

  afterAll(async () => {
    for (const person of people) await deleteApp(person.app);
    await db.terminate();
    await deleteAdminApp(admin);
    await stopDevServer(server);
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('signs up, ensures the profile and registers a push token', async () => {
    ada = await signUp('ada');
    people.push(ada);
    const { profile } = await ada.call<{ profile: { uid: string } }>('ensureProfile', {
      locale: 'en-GB',
      timeZone: 'Europe/London',
    });
    expect(profile.uid).toBe(ada.uid);
    await ada.call('registerPushToken', {
      token: 'ada-phone-token',
      platform: 'android',
      locale: 'en-GB',
    });
  });

  it('claims GDG-DEMO-0001 with its printed code and sets a temperature threshold', async () => {
    const claimed = await ada.call<{ deviceId: string }>('claimDevice', {
      serial: 'GDG-DEMO-0001',
      claimCode: 'demo 0001 aa',
      name: 'Greenhouse',
    });
    deviceId = claimed.deviceId;
    await ada.call('updateDevice', {
      deviceId,
      thresholds: { temperature: { max: 30, hysteresis: 1 } },
    });
    expect((await appRead(ada, `devices/${deviceId}`)).get('ownerUid')).toBe(ada.uid);
  });

  it('turns readings that cross it into an alert, a push and an acknowledgement', async () => {
    await fetch(`${CONTROL}/outbox`, {
      method: 'DELETE',
      headers: { 'content-type': 'application/json' },
    });
    await ada.call('submitReadings', {
      deviceId,
      readings: readings('hot', [{ temperature: 25 }, { temperature: 33 }]),
    });
    const pushed = await until(
      async () => (await outbox()).find((m) => m.message.token === 'ada-phone-token'),
      'the alert push',
    );
    expect(pushed.result.success).toBe(true);
    const alertId = pushed.message.data?.alertId ?? '';
    expect(alertId).not.toBe('');
    expect((await appRead(ada, `devices/${deviceId}/alerts/${alertId}`)).get('state')).toBe(
      'active',
    );
    await ada.call('acknowledgeAlert', { deviceId, alertId });
    expect((await appRead(ada, `devices/${deviceId}/alerts/${alertId}`)).get('state')).toBe(
      'acknowledged',
    );
  });

  it('uploads an avatar with GPS in it and downloads a clean 128 px variant', async () => {
    await uploadBytes(
      ref(getStorage(ada.app), `uploads/users/${ada.uid}/avatar/me.jpg`),
      await phonePhoto(),
      { contentType: 'image/jpeg' },
    );
    const avatar = await until(async () => {
      const manifest = (await appRead(ada, `users/${ada.uid}`)).get('avatar') as
        { status: string; variants: { size: number; path: string }[] } | undefined;
      return manifest?.status === 'ready' ? manifest : undefined;
    }, 'the avatar variants');
    const small = avatar.variants.find((v) => v.size === 128);
    expect(small).toBeDefined();
    const url = await getDownloadURL(ref(getStorage(ada.app), small?.path ?? ''));
    const bytes = Buffer.from(await (await fetch(url)).arrayBuffer());
    const meta = await sharp(bytes).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 128, 128]);
    expect(meta.exif).toBeUndefined();
  });

  it('shares the device: the invited member hears of the alert turning critical', async () => {
    bob = await signUp('bob');
    people.push(bob);
    await bob.call('ensureProfile', {});
    await bob.call('registerPushToken', { token: 'bob-phone-token', platform: 'ios' });
    const { code } = await ada.call<{ code: string }>('createInvite', { deviceId, role: 'viewer' });
    await bob.call('acceptInvite', { code });
    await fetch(`${CONTROL}/outbox`, {
      method: 'DELETE',
      headers: { 'content-type': 'application/json' },
    });
    // The alert is still open; far over the threshold it turns critical, which pushes to every
    // member even inside the alert's push window (a plain reopen there is inbox-only).
    const now = Date.now();
    await ada.call('submitReadings', {
      deviceId,
      readings: readings('warmer', [{ temperature: 40 }], now - 20_000),
    });
    await ada.call('submitReadings', {
      deviceId,
      readings: readings('very-hot', [{ temperature: 60 }], now - 10_000),
    });
    await until(
      async () =>
        (await outbox()).some((m) => m.message.token === 'bob-phone-token') ? true : undefined,
      'the push to the new member',
    );
  });

  it('takes readings from the gadget itself through ingest with a rotated key', async () => {
    const { deviceKey } = await ada.call<{ deviceKey: string }>('rotateDeviceKey', { deviceId });
    const response = await fetch(INGEST, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Device ${deviceId}:${deviceKey}`,
      },
      body: JSON.stringify({ readings: readings('wifi', [{ temperature: 22, humidity: 40 }]) }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ accepted: 1, duplicates: 0 });
  });

  it('reads the hourly history', async () => {
    const to = new Date();
    const from = new Date(to.getTime() - 6 * 3_600_000);
    const { points } = await ada.call<{ points: { count: number }[] }>('getReadingHistory', {
      deviceId,
      metric: 'temperature',
      from: from.toISOString(),
      to: to.toISOString(),
      bucket: '1h',
    });
    expect(points.reduce((sum, p) => sum + p.count, 0)).toBeGreaterThanOrEqual(5);
  });

  it('exports everything, then deletes the account and leaves nothing of it behind', async () => {
    const { path } = await ada.call<{ path: string }>('requestDataExport', {});
    expect(path).toMatch(new RegExp(`^exports/users/${ada.uid}/`));
    await ada.call('deleteAccount', {});
    expect((await db.doc(`users/${ada.uid}`).get()).exists).toBe(false);
    // Ada owned the device and its only other member is a viewer, so it was released.
    expect((await db.doc(`devices/${deviceId}`).get()).exists).toBe(false);
    expect((await db.doc('deviceRegistry/GDG-DEMO-0001').get()).get('claimedBy')).toBeNull();
    const owned = await db
      .collection('devices')
      .where('memberUids', 'array-contains', ada.uid)
      .get();
    expect(owned.size).toBe(0);
    const bucket = getAdminStorage(admin).bucket('demo-gadget.appspot.com');
    for (const prefix of ['uploads', 'images', 'exports']) {
      const [files] = await bucket.getFiles({ prefix: `${prefix}/users/${ada.uid}/` });
      expect(files.map((f) => f.name)).toEqual([]);
    }
  });
});
