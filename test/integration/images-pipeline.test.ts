// The image pipeline end to end on local-cloud: real uploads fire onUploadFinalized, which writes
// variants under images/ and a manifest; every good file becomes small upright WebPs without
// metadata, every bad one a failure with a reason, and the original never stays behind.
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { Timestamp } from 'firebase-admin/firestore';
import { ImageManifestSchema } from '@gadget/shared';
import type { ImageManifest } from '@gadget/shared';
import { claimedDevice, seedMembers } from '../helpers/devices.ts';
import { startProductCloud, sharedCloud } from '../helpers/product-cloud.ts';
import {
  animatedGif,
  cmykJpeg,
  download,
  hasGpsTag,
  heicBytes,
  html,
  hugePng,
  objectNames,
  pixel,
  pngWithAlpha,
  rotatedJpegWithGps,
  svg,
} from './images-fixtures.ts';

const cloud = sharedCloud(startProductCloud);

async function signedUpUser(): Promise<string> {
  const { uid } = await cloud.signUp();
  await cloud.idle();
  return uid;
}

async function avatarManifest(uid: string): Promise<ImageManifest | undefined> {
  const avatar: unknown = (await cloud.firestore.doc(`users/${uid}`).get()).get('avatar');
  return avatar === undefined ? undefined : ImageManifestSchema.parse(toDates(avatar));
}

async function photoManifest(
  deviceId: string,
  photoId: string,
): Promise<ImageManifest | undefined> {
  const data = (await cloud.firestore.doc(`devices/${deviceId}/photos/${photoId}`).get()).data();
  return data === undefined ? undefined : ImageManifestSchema.parse(toDates(data));
}

function toDates(value: unknown): unknown {
  if (value instanceof Timestamp) return value.toDate();
  if (Array.isArray(value)) return value.map(toDates);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toDates(v)]));
  }
  return value;
}

/** A device owned by a fresh user, and a helper uploading a photo of it as `uploader`. */
async function deviceWithOwner() {
  const owner = await signedUpUser();
  const { deviceId } = await claimedDevice(cloud, owner);
  const uploadPhoto = async (
    photoId: string,
    bytes: Buffer,
    contentType = 'image/jpeg',
    uploader = owner,
  ) => {
    const path = `uploads/devices/${deviceId}/photos/${photoId}/original`;
    await cloud.upload(path, bytes, contentType, { uploadedBy: uploader });
    await cloud.idle();
    return path;
  };
  return { owner, deviceId, uploadPhoto };
}

async function expectNoMetadata(bytes: Buffer): Promise<void> {
  const metadata = await sharp(bytes).metadata();
  expect(metadata.format).toBe('webp');
  expect(metadata.exif).toBeUndefined();
  expect(metadata.icc).toBeUndefined();
  expect(metadata.xmp).toBeUndefined();
  expect(metadata.orientation).toBeUndefined();
}

describe('avatars', () => {
  it('become upright 128 and 512 squares without EXIF or GPS, and the original is deleted', async () => {
    const uid = await signedUpUser();
    const original = await rotatedJpegWithGps(600, 400);
    expect(hasGpsTag((await sharp(original).metadata()).exif)).toBe(true);
    const path = `uploads/users/${uid}/avatar/me.jpg`;
    await cloud.upload(path, original, 'image/jpeg');
    await cloud.idle();

    const manifest = await avatarManifest(uid);
    expect(manifest).toMatchObject({
      status: 'ready',
      attempts: 1,
      variants: [
        { size: 128, path: `images/users/${uid}/avatar/128.webp`, width: 128, height: 128 },
        { size: 512, path: `images/users/${uid}/avatar/512.webp`, width: 512, height: 512 },
      ],
    });
    expect(manifest?.error).toBeUndefined();
    expect(await objectNames(cloud, `uploads/users/${uid}/`)).toEqual([]);
    for (const variant of manifest?.variants ?? []) {
      const bytes = await download(cloud, variant.path);
      expect(bytes.length).toBe(variant.bytes);
      await expectNoMetadata(bytes);
      // Upright: the stored left (red) half is on top once turned.
      expect((await pixel(bytes, variant.size / 2, 4))[0]).toBeGreaterThan(200);
      expect((await pixel(bytes, variant.size / 2, variant.size - 4))[2]).toBeGreaterThan(200);
      const [metadata] = await cloud.bucket.file(variant.path).getMetadata();
      expect(metadata.contentType).toBe('image/webp');
      expect(metadata.cacheControl).toMatch(/max-age=/);
      expect(metadata.metadata?.firebaseStorageDownloadTokens).toMatch(/^[0-9a-f-]{36}$/);
      expect(metadata.metadata?.gadgetImagePipeline).toBe('output');
    }
  });

  it('replaced, overwrites the same variants and moves the manifest to the new generation', async () => {
    const uid = await signedUpUser();
    const path = `uploads/users/${uid}/avatar/me.png`;
    const red = await sharp({ create: { width: 64, height: 64, channels: 3, background: 'red' } })
      .png()
      .toBuffer();
    await cloud.upload(path, red, 'image/png');
    await cloud.idle();
    const first = await avatarManifest(uid);

    const blue = await sharp({ create: { width: 64, height: 64, channels: 3, background: 'blue' } })
      .png()
      .toBuffer();
    await cloud.upload(path, blue, 'image/png');
    await cloud.idle();
    const second = await avatarManifest(uid);
    expect(second?.status).toBe('ready');
    expect(BigInt(second?.sourceGeneration ?? 0)).toBeGreaterThan(
      BigInt(first?.sourceGeneration ?? 0),
    );
    expect(await objectNames(cloud, `images/users/${uid}/`)).toEqual([
      `images/users/${uid}/avatar/128.webp`,
      `images/users/${uid}/avatar/512.webp`,
    ]);
    expect(
      (await pixel(await download(cloud, `images/users/${uid}/avatar/512.webp`), 5, 5))[2],
    ).toBeGreaterThan(200);
  });

  it('of a user without a profile (deleted account) are deleted and write nothing', async () => {
    const path = 'uploads/users/ghost/avatar/me.jpg';
    await cloud.upload(path, await rotatedJpegWithGps(64, 48), 'image/jpeg');
    await cloud.idle();
    expect(await objectNames(cloud, 'uploads/users/ghost/')).toEqual([]);
    expect(await objectNames(cloud, 'images/')).toEqual([]);
    expect((await cloud.firestore.doc('users/ghost').get()).exists).toBe(false);
  });
});

describe('device photos', () => {
  it('become 320, 1280 and 2048 variants that fit inside, upright, without metadata', async () => {
    const { deviceId, uploadPhoto } = await deviceWithOwner();
    const path = await uploadPhoto('p1', await rotatedJpegWithGps(2400, 1600));
    const manifest = await photoManifest(deviceId, 'p1');
    expect(manifest?.status).toBe('ready');
    expect(manifest?.variants.map((v) => [v.size, v.width, v.height])).toEqual([
      [320, 213, 320],
      [1280, 853, 1280],
      [2048, 1365, 2048],
    ]);
    for (const variant of manifest?.variants ?? []) {
      expect(variant.path).toBe(
        `images/devices/${deviceId}/photos/p1/${String(variant.size)}.webp`,
      );
      const bytes = await download(cloud, variant.path);
      await expectNoMetadata(bytes);
      expect((await pixel(bytes, 10, 10))[0]).toBeGreaterThan(200);
      expect((await pixel(bytes, 10, variant.height - 10))[2]).toBeGreaterThan(200);
    }
    expect(await objectNames(cloud, path)).toEqual([]);
  });

  it('are never enlarged, yet every size is there, the sizes a small photo fits sharing one file', async () => {
    const { deviceId, uploadPhoto } = await deviceWithOwner();
    await uploadPhoto('small', await pngWithAlpha(), 'image/png');
    const manifest = await photoManifest(deviceId, 'small');
    const file = `images/devices/${deviceId}/photos/small/320.webp`;
    expect(manifest?.variants.map((v) => [v.size, v.width, v.height, v.path])).toEqual([
      [320, 300, 200, file],
      [1280, 300, 200, file],
      [2048, 300, 200, file],
    ]);
    expect(await objectNames(cloud, `images/devices/${deviceId}/`)).toEqual([file]);
    // The alpha channel survives.
    const bytes = await download(cloud, file);
    expect(manifest?.variants.every((v) => v.bytes === bytes.length)).toBe(true);
    expect((await sharp(bytes).metadata()).hasAlpha).toBe(true);
  });

  it('replaced by a smaller photo, leave none of the larger one behind', async () => {
    const { deviceId, uploadPhoto } = await deviceWithOwner();
    const folder = `images/devices/${deviceId}/photos/p1/`;
    await uploadPhoto('p1', await rotatedJpegWithGps(2400, 1600));
    expect(await objectNames(cloud, folder)).toEqual([
      `${folder}1280.webp`,
      `${folder}2048.webp`,
      `${folder}320.webp`,
    ]);
    // 1000 px on its long side: 1280 holds it whole, and 2048 would be the same bytes again.
    await uploadPhoto('p1', await rotatedJpegWithGps(1000, 600));
    const manifest = await photoManifest(deviceId, 'p1');
    expect(manifest?.variants.map((v) => [v.size, v.width, v.height, v.path])).toEqual([
      [320, 192, 320, `${folder}320.webp`],
      [1280, 600, 1000, `${folder}1280.webp`],
      [2048, 600, 1000, `${folder}1280.webp`],
    ]);
    expect(await objectNames(cloud, folder)).toEqual([`${folder}1280.webp`, `${folder}320.webp`]);
  });

  it('in CMYK come out as sRGB, and a 50-frame GIF as its first frame', async () => {
    const { deviceId, uploadPhoto } = await deviceWithOwner();
    const gif = await animatedGif();
    expect((await sharp(gif).metadata()).pages).toBe(50);
    await uploadPhoto('cmyk', await cmykJpeg());
    await uploadPhoto('gif', gif, 'image/gif');

    const cmyk = await photoManifest(deviceId, 'cmyk');
    expect(cmyk?.status).toBe('ready');
    const cmykBytes = await download(cloud, cmyk?.variants[0]?.path ?? '');
    expect(await sharp(cmykBytes).metadata()).toMatchObject({ space: 'srgb', channels: 3 });
    // Still blue (CMYK cannot hold sRGB's pure blue, so it comes back darker).
    const [r = 0, g = 0, b = 0] = await pixel(cmykBytes, 5, 5);
    expect(b).toBeGreaterThan(r + 60);
    expect(b).toBeGreaterThan(g + 20);

    const animated = await photoManifest(deviceId, 'gif');
    expect(animated?.variants[2]).toMatchObject({ width: 64, height: 48 });
    const frame = await sharp(await download(cloud, animated?.variants[2]?.path ?? '')).metadata();
    expect(frame.pages ?? 1).toBe(1);
    expect(frame.height).toBe(48);
  });

  it.each([
    [
      'a truncated JPEG',
      'corrupt',
      async () => (await rotatedJpegWithGps(800, 600)).subarray(0, 2000),
      'image/jpeg',
    ],
    ['HTML labelled image/jpeg', 'not-an-image', () => Promise.resolve(html()), 'image/jpeg'],
    ['an SVG', 'unsupported-format', () => Promise.resolve(svg()), 'image/svg+xml'],
    ['zero bytes', 'empty', () => Promise.resolve(Buffer.alloc(0)), 'image/jpeg'],
    ['a 20,000 × 20,000 PNG', 'too-many-pixels', () => Promise.resolve(hugePng()), 'image/png'],
    ['bytes labelled HEIC', 'unsupported-format', () => Promise.resolve(heicBytes()), 'image/heic'],
    [
      'a file over 15 MB',
      'too-large',
      () => Promise.resolve(Buffer.alloc(15 * 1024 * 1024 + 1, 0xff)),
      'image/jpeg',
    ],
  ] as const)('%s fails with %s, writes no variant and is deleted', async (_, code, make, type) => {
    const { deviceId, uploadPhoto } = await deviceWithOwner();
    const path = await uploadPhoto('bad', await make(), type);
    const manifest = await photoManifest(deviceId, 'bad');
    expect(manifest).toMatchObject({ status: 'failed', variants: [], error: { code } });
    expect(manifest?.error?.message.length).toBeGreaterThan(10);
    expect(await objectNames(cloud, path)).toEqual([]);
    expect(await objectNames(cloud, 'images/')).toEqual([]);
    // A bad file is not retried: one delivery, which succeeded.
    const runs = cloud.cloud.deliveries.filter(
      (d) => d.functionName === 'onUploadFinalized' && d.outcome !== 'delivered',
    );
    expect(runs).toEqual([]);
  });

  it('uploaded by a non-member, or for a device that is gone, is deleted and writes nothing', async () => {
    const { deviceId, uploadPhoto } = await deviceWithOwner();
    const byStranger = await uploadPhoto('p1', await pngWithAlpha(), 'image/png', 'stranger');
    const unsigned = `uploads/devices/${deviceId}/photos/p2/original`;
    await cloud.upload(unsigned, await pngWithAlpha(), 'image/png');
    const noDevice = 'uploads/devices/no-such-device/photos/p3/original';
    await cloud.upload(noDevice, await pngWithAlpha(), 'image/png', { uploadedBy: 'stranger' });
    await cloud.idle();
    for (const path of [byStranger, unsigned, noDevice]) {
      expect(await objectNames(cloud, path)).toEqual([]);
    }
    expect(await photoManifest(deviceId, 'p1')).toBeUndefined();
    expect(await photoManifest(deviceId, 'p2')).toBeUndefined();
    expect(await objectNames(cloud, 'images/')).toEqual([]);
  });

  it('uploaded by an admin is processed and records its uploader', async () => {
    const { deviceId, uploadPhoto } = await deviceWithOwner();
    await seedMembers(cloud, deviceId, { admin1: 'admin' });
    await uploadPhoto('p1', await pngWithAlpha(), 'image/png', 'admin1');
    expect(await photoManifest(deviceId, 'p1')).toMatchObject({
      status: 'ready',
      uploadedBy: 'admin1',
    });
  });
});

describe('events', () => {
  it('delivered twice leave one set of variants and one ready manifest', async () => {
    const { deviceId, uploadPhoto } = await deviceWithOwner();
    cloud.cloud.configureDelivery({ deliverTwice: true });
    await uploadPhoto('p1', await rotatedJpegWithGps(640, 480));
    const runs = cloud.cloud.deliveries.filter(
      (d) => d.functionName === 'onUploadFinalized' && d.type.endsWith('finalized'),
    );
    expect(runs.every((d) => d.outcome === 'delivered')).toBe(true);
    const manifest = await photoManifest(deviceId, 'p1');
    expect(manifest).toMatchObject({ status: 'ready', attempts: 1 });
    // 320 and 1280; 2048 shares 1280's file (640 px fit in 1280 whole).
    expect(await objectNames(cloud, `images/devices/${deviceId}/`)).toHaveLength(2);
    expect(await objectNames(cloud, `uploads/devices/${deviceId}/`)).toEqual([]);
  });

  it('for an older generation, arriving last, change nothing', async () => {
    const uid = await signedUpUser();
    const older = await sharp({ create: { width: 64, height: 64, channels: 3, background: 'red' } })
      .png()
      .toBuffer();
    const newer = await sharp({
      create: { width: 64, height: 64, channels: 3, background: 'blue' },
    })
      .png()
      .toBuffer();
    cloud.cloud.configureDelivery({ reverseOrder: true });
    await cloud.upload(`uploads/users/${uid}/avatar/a.png`, older, 'image/png');
    await cloud.upload(`uploads/users/${uid}/avatar/b.png`, newer, 'image/png');
    const [newerMetadata] = await cloud.bucket
      .file(`uploads/users/${uid}/avatar/b.png`)
      .getMetadata();
    await cloud.idle();
    cloud.cloud.configureDelivery({ reverseOrder: false });

    const manifest = await avatarManifest(uid);
    expect(manifest).toMatchObject({
      status: 'ready',
      sourceGeneration: String(newerMetadata.generation),
    });
    for (const variant of manifest?.variants ?? []) {
      expect((await pixel(await download(cloud, variant.path), 5, 5))[2]).toBeGreaterThan(200);
    }
    // Both originals are gone: the stale one is not kept either (it may hold GPS data).
    expect(await objectNames(cloud, `uploads/users/${uid}/`)).toEqual([]);
  });

  it('for the pipeline’s own outputs, or anything carrying its marker, are ignored', async () => {
    const { deviceId, uploadPhoto } = await deviceWithOwner();
    await uploadPhoto('p1', await pngWithAlpha(), 'image/png');
    const finalized = () =>
      cloud.cloud.deliveries.filter(
        (d) => d.functionName === 'onUploadFinalized' && d.type.endsWith('finalized'),
      );
    // The upload and its one output (every size of a 300 px photo shares it) were delivered; the
    // output did not claim anything.
    expect(finalized()).toHaveLength(2);
    expect((await photoManifest(deviceId, 'p1'))?.attempts).toBe(1);

    const marked = `uploads/devices/${deviceId}/photos/p2/original`;
    await cloud.upload(marked, await pngWithAlpha(), 'image/png', {
      uploadedBy: 'x',
      gadgetImagePipeline: 'output',
    });
    const elsewhere = `exports/users/someone/export.json`;
    await cloud.upload(elsewhere, Buffer.from('{}'), 'application/json');
    await cloud.idle();
    expect(await objectNames(cloud, marked)).toEqual([marked]);
    expect(await objectNames(cloud, elsewhere)).toEqual([elsewhere]);
    expect(await photoManifest(deviceId, 'p2')).toBeUndefined();
    expect(finalized()).toHaveLength(4);
  });
});
