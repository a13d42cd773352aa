// Attacks through the apps' own Storage requests (the client SDK, judged by storage.rules on
// local-cloud) and around them (objects written past the rules, which the pipeline must judge).
import { describe, expect, it } from 'vitest';
import { getDownloadURL, ref, uploadBytes } from 'firebase/storage';
import { startProductCloud, sharedCloud } from '../helpers/product-cloud.ts';
import { appUser } from '../helpers/app-client.ts';
import { addMember, claimedDevice } from '../helpers/devices.ts';
import { pngWithAlpha } from './images-fixtures.ts';

const cloud = sharedCloud(() => startProductCloud({ functionsEnv: { UPLOAD_DAILY_QUOTA: '3' } }));

async function objectNames(prefix: string): Promise<string[]> {
  const [files] = await cloud.bucket.getFiles({ prefix });
  return files.map((f) => f.name);
}

async function storageRefusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as { code: string }).code;
  }
  throw new Error('expected the upload to be refused');
}

/** A device owned by a signed-in app user, with a ready photo `p1`, and a signed-in viewer. */
async function deviceWithPhotoAndViewer() {
  const owner = await appUser(cloud);
  const viewer = await appUser(cloud);
  const { deviceId } = await claimedDevice(cloud, owner.uid);
  await addMember(cloud, deviceId, owner.uid, viewer.uid, 'viewer');
  await uploadBytes(
    ref(owner.storage, `uploads/devices/${deviceId}/photos/p1/original.png`),
    await pngWithAlpha(),
    { contentType: 'image/png', customMetadata: { uploadedBy: owner.uid } },
  );
  await cloud.idle();
  const manifest = (await cloud.firestore.doc(`devices/${deviceId}/photos/p1`).get()).data();
  expect(manifest).toMatchObject({ status: 'ready', uploadedBy: owner.uid });
  return { owner, viewer, deviceId, manifest };
}

describe('finding 9: viewers cannot replace device photos', () => {
  it("the rules refuse a viewer's upload over an existing photo: no object, manifest unchanged", async () => {
    const { owner, viewer, deviceId, manifest } = await deviceWithPhotoAndViewer();
    const attempts = Array.from({ length: 50 }, async (_, i) =>
      storageRefusal(
        uploadBytes(
          ref(viewer.storage, `uploads/devices/${deviceId}/photos/p1/evil-${String(i)}.png`),
          await pngWithAlpha(),
          { contentType: 'image/png', customMetadata: { uploadedBy: viewer.uid } },
        ),
      ),
    );
    expect(new Set(await Promise.all(attempts))).toEqual(new Set(['storage/unauthorized']));
    await cloud.idle();
    expect(await objectNames(`uploads/devices/${deviceId}/`)).toEqual([]);
    expect((await cloud.firestore.doc(`devices/${deviceId}/photos/p1`).get()).data()).toEqual(
      manifest,
    );
    await Promise.all([owner.close(), viewer.close()]);
  });

  it("the pipeline refuses a viewer's upload that got past the rules, and deletes it", async () => {
    const { owner, viewer, deviceId, manifest } = await deviceWithPhotoAndViewer();
    const path = `uploads/devices/${deviceId}/photos/p1/evil.png`;
    await cloud.upload(path, await pngWithAlpha(), 'image/png', { uploadedBy: viewer.uid });
    await cloud.idle();
    expect(await objectNames(`uploads/devices/${deviceId}/`)).toEqual([]);
    expect((await cloud.firestore.doc(`devices/${deviceId}/photos/p1`).get()).data()).toEqual(
      manifest,
    );
    await Promise.all([owner.close(), viewer.close()]);
  });
});

describe('finding 17: the content-type check ignores case', () => {
  it('refuses an SVG labelled image/SVG+xml, and takes an image labelled Image/PNG', async () => {
    const user = await appUser(cloud);
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>');
    for (const contentType of ['image/SVG+xml', 'IMAGE/SVG+XML', 'image/Svg+Xml']) {
      expect(
        await storageRefusal(
          uploadBytes(ref(user.storage, `uploads/users/${user.uid}/avatar/a.svg`), svg, {
            contentType,
          }),
        ),
      ).toBe('storage/unauthorized');
    }
    expect(await objectNames(`uploads/users/${user.uid}/`)).toEqual([]);
    await uploadBytes(
      ref(user.storage, `uploads/users/${user.uid}/avatar/b.png`),
      await pngWithAlpha(),
      { contentType: 'Image/PNG' },
    );
    await cloud.idle();
    const profile = (await cloud.firestore.doc(`users/${user.uid}`).get()).data();
    expect(profile?.avatar).toMatchObject({ status: 'ready' });
    await user.close();
  });
});

describe('finding 14: the output marker is the pipeline’s alone, and uploads have a daily quota', () => {
  it('refuses a client upload carrying the pipeline’s marker: nothing stored, no manifest', async () => {
    const user = await appUser(cloud);
    const attempts = Array.from({ length: 50 }, async (_, i) =>
      storageRefusal(
        uploadBytes(
          ref(user.storage, `uploads/users/${user.uid}/avatar/marked-${String(i)}.png`),
          await pngWithAlpha(),
          { contentType: 'image/png', customMetadata: { gadgetImagePipeline: 'output' } },
        ),
      ),
    );
    expect(new Set(await Promise.all(attempts))).toEqual(new Set(['storage/unauthorized']));
    await cloud.idle();
    expect(await objectNames(`uploads/users/${user.uid}/`)).toEqual([]);
    const profile = (await cloud.firestore.doc(`users/${user.uid}`).get()).data();
    expect(profile?.avatar).toBeUndefined();
    await user.close();
  });

  it('past UPLOAD_DAILY_QUOTA (3 here) an upload fails with quota-exceeded and writes no variant', async () => {
    const user = await appUser(cloud);
    for (let i = 0; i < 3; i++) {
      await uploadBytes(
        ref(user.storage, `uploads/users/${user.uid}/avatar/a-${String(i)}.png`),
        await pngWithAlpha(),
        { contentType: 'image/png' },
      );
      await cloud.idle();
    }
    const variants = async () => {
      const [files] = await cloud.bucket.getFiles({ prefix: `images/users/${user.uid}/` });
      return files.map((f) => `${f.name}@${String(f.metadata.generation)}`).sort();
    };
    const before = await variants();
    await uploadBytes(
      ref(user.storage, `uploads/users/${user.uid}/avatar/a-3.png`),
      await pngWithAlpha(),
      { contentType: 'image/png' },
    );
    await cloud.idle();
    const profile = (await cloud.firestore.doc(`users/${user.uid}`).get()).data();
    expect(profile?.avatar).toMatchObject({
      status: 'failed',
      error: {
        code: 'quota-exceeded',
        message: 'You have uploaded as many images as a day allows. Try again tomorrow.',
      },
    });
    expect(await variants()).toEqual(before);
    expect(await objectNames(`uploads/users/${user.uid}/`)).toEqual([]);
    await user.close();
  });
});

describe('finding 10: download URLs die with the membership', () => {
  it("a removed viewer's saved photo URLs stop working; the owner gets fresh ones", async () => {
    const { owner, viewer, deviceId } = await deviceWithPhotoAndViewer();
    const variant = `images/devices/${deviceId}/photos/p1/320.webp`;
    const saved = await getDownloadURL(ref(viewer.storage, variant));
    expect((await fetch(saved)).status).toBe(200);
    await cloud.call('removeMember', { deviceId, uid: viewer.uid }, { uid: owner.uid });
    expect((await fetch(saved)).status).toBeGreaterThanOrEqual(400);
    const fresh = await getDownloadURL(ref(owner.storage, variant));
    expect(fresh).not.toBe(saved);
    expect((await fetch(fresh)).status).toBe(200);
    await Promise.all([owner.close(), viewer.close()]);
  });
});
