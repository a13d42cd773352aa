import { deleteApp, initializeApp, type FirebaseApp } from 'firebase/app';
import {
  connectStorageEmulator,
  deleteObject,
  getBytes,
  getDownloadURL,
  getMetadata,
  getStorage,
  list,
  listAll,
  ref,
  updateMetadata,
  uploadBytes,
  uploadBytesResumable,
  type FirebaseStorage,
} from 'firebase/storage';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BUCKET, bytes, startHarness, type Harness } from './helpers.ts';

let h: Harness;
let app: FirebaseApp;
let storage: FirebaseStorage;

beforeAll(async () => {
  h = await startHarness();
  app = initializeApp({ projectId: 'demo-x', storageBucket: BUCKET, apiKey: 'fake' }, 'client');
  storage = getStorage(app);
  connectStorageEmulator(storage, '127.0.0.1', h.server.port);
});
afterAll(async () => {
  await deleteApp(app);
  await h.close();
});
beforeEach(async () => {
  await h.server.reset();
  h.finalized.length = 0;
  h.deleted.length = 0;
});

const errorCode = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: unknown) => (error as { code?: unknown }).code,
  );

describe('firebase/storage client SDK against the storage emulator', () => {
  it('uploads with metadata and reads it back', async () => {
    const avatar = ref(storage, 'uploads/users/u 1/avatar/pïc.png');
    const result = await uploadBytes(avatar, new Uint8Array([1, 2, 3]), {
      contentType: 'image/png',
      customMetadata: { owner: 'u1' },
    });
    expect(result.metadata).toMatchObject({
      fullPath: 'uploads/users/u 1/avatar/pïc.png',
      size: 3,
      contentType: 'image/png',
      customMetadata: { owner: 'u1' },
    });
    const meta = await getMetadata(avatar);
    expect(meta.customMetadata).toEqual({ owner: 'u1' });
    expect(Buffer.from(await getBytes(avatar))).toEqual(Buffer.from([1, 2, 3]));
    await h.eventsArrived({ finalized: 1 });
    // The token lives in custom metadata, as in production.
    expect(h.finalized[0]?.metadata?.owner).toBe('u1');
    expect(h.finalized[0]?.metadata?.firebaseStorageDownloadTokens).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('uploads several MB resumably in chunks', async () => {
    const data = bytes(3 * 1024 * 1024 + 17, 5);
    const photo = ref(storage, 'uploads/devices/d1/photos/p1/big.jpg');
    const progress: number[] = [];
    const task = uploadBytesResumable(photo, data, { contentType: 'image/jpeg' });
    task.on('state_changed', (snapshot) => progress.push(snapshot.bytesTransferred));
    const snapshot = await task;
    expect(snapshot.metadata.size).toBe(data.length);
    expect(progress.length).toBeGreaterThan(2);
    expect(Buffer.from(await getBytes(photo)).equals(data)).toBe(true);
    await h.eventsArrived({ finalized: 1 });
    expect(h.finalized).toHaveLength(1);
  });

  it('gives a download URL that fetch can read, with a token', async () => {
    const doc = ref(storage, 'exports/users/u1/export.json');
    await uploadBytes(doc, new TextEncoder().encode('{"ok":true}'), {
      contentType: 'application/json',
    });
    const url = await getDownloadURL(doc);
    expect(url).toContain('token=');
    const response = await fetch(url);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ ok: true });
  });

  it('updates metadata, deleting a custom key set to null', async () => {
    const file = ref(storage, 'uploads/meta.txt');
    await uploadBytes(file, new Uint8Array([0]), { customMetadata: { a: '1', b: '2' } });
    const updated = await updateMetadata(file, {
      contentType: 'text/plain',
      customMetadata: { a: null as unknown as string, c: '3' },
    });
    expect(updated.customMetadata).toEqual({ b: '2', c: '3' });
    expect(updated.contentType).toBe('text/plain');
    expect(updated.metageneration).toBe('2');
    // The download token survives metadata updates.
    await expect(getDownloadURL(file)).resolves.toContain('token=');
  });

  it('lists with listAll and pages with list', async () => {
    for (const name of ['u/a.txt', 'u/b.txt', 'u/c.txt', 'u/sub/d.txt', 'other.txt']) {
      await uploadBytes(ref(storage, name), new Uint8Array([1]));
    }
    const all = await listAll(ref(storage, 'u'));
    expect(all.items.map((i) => i.fullPath)).toEqual(['u/a.txt', 'u/b.txt', 'u/c.txt']);
    expect(all.prefixes.map((p) => p.fullPath)).toEqual(['u/sub']);
    const root = await listAll(ref(storage));
    expect(root.prefixes.map((p) => p.fullPath)).toEqual(['u']);

    const first = await list(ref(storage, 'u'), { maxResults: 2 });
    expect(first.items.map((i) => i.fullPath)).toEqual(['u/a.txt', 'u/b.txt']);
    const second = await list(ref(storage, 'u'), {
      maxResults: 2,
      pageToken: first.nextPageToken ?? '',
    });
    expect(second.items.map((i) => i.fullPath)).toEqual(['u/c.txt']);
    expect(second.prefixes.map((p) => p.fullPath)).toEqual(['u/sub']);
    expect(second.nextPageToken).toBeUndefined();
  });

  it('deletes and reports object-not-found afterwards', async () => {
    const file = ref(storage, 'uploads/gone.bin');
    await uploadBytes(file, new Uint8Array([9]));
    await deleteObject(file);
    expect(await errorCode(getMetadata(file))).toBe('storage/object-not-found');
    expect(await errorCode(getBytes(file))).toBe('storage/object-not-found');
    expect(await errorCode(deleteObject(file))).toBe('storage/object-not-found');
    await h.eventsArrived({ finalized: 1, deleted: 1 });
    expect(h.finalized).toHaveLength(1);
    expect(h.deleted).toHaveLength(1);
  });
});
