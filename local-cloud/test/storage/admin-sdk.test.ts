import { deleteApp, initializeApp, type App } from 'firebase-admin/app';
import { getStorage } from 'firebase-admin/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUCKET, startHarness, type Harness } from './helpers.ts';

let h: Harness;
let app: App;

beforeAll(async () => {
  h = await startHarness();
  process.env.FIREBASE_STORAGE_EMULATOR_HOST = h.server.hostAndPort;
  app = initializeApp({ projectId: 'demo-x', storageBucket: BUCKET }, 'storage-admin-test');
});
afterAll(async () => {
  await deleteApp(app);
  delete process.env.FIREBASE_STORAGE_EMULATOR_HOST;
  // firebase-admin copies the variable into STORAGE_EMULATOR_HOST for @google-cloud/storage.
  delete process.env.STORAGE_EMULATOR_HOST;
  await h.close();
});

describe('firebase-admin getStorage() under FIREBASE_STORAGE_EMULATOR_HOST', () => {
  it('uploads, reads, lists and deletes through the default bucket', async () => {
    const bucket = getStorage(app).bucket();
    expect(bucket.name).toBe(BUCKET);
    const file = bucket.file('uploads/users/u1/avatar/photo.jpg');
    await file.save(Buffer.from('jpeg bytes'), {
      contentType: 'image/jpeg',
      metadata: { metadata: { firebaseStorageDownloadTokens: 'tok-1' } },
    });
    const [meta] = await file.getMetadata();
    expect(meta).toMatchObject({ contentType: 'image/jpeg', size: '10' });
    expect(meta.metadata).toEqual({ firebaseStorageDownloadTokens: 'tok-1' });
    expect((await file.download())[0].toString()).toBe('jpeg bytes');

    const url =
      `${h.server.url}/v0/b/${BUCKET}/o/${encodeURIComponent(file.name)}` +
      '?alt=media&token=tok-1';
    expect(await (await fetch(url)).text()).toBe('jpeg bytes');
    expect((await fetch(url.replace('tok-1', 'wrong'))).status).toBe(403);

    const [files] = await bucket.getFiles({ prefix: 'uploads/' });
    expect(files.map((f) => f.name)).toEqual([file.name]);
    await file.delete();
    expect((await file.exists())[0]).toBe(false);
    await h.eventsArrived({ finalized: 1, deleted: 1 });
    expect(h.finalized).toHaveLength(1);
    expect(h.deleted).toHaveLength(1);
  });
});
