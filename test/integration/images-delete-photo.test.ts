// deleteDevicePhoto: owners and admins delete a photo's variants, pending upload and manifest;
// everyone else is refused and nothing changes.
import { describe, expect, it } from 'vitest';
import { DeleteDevicePhotoResponseSchema } from '@gadget/shared';
import { claimedDevice, refusal, seedMembers } from '../helpers/devices.ts';
import { startProductCloud, sharedCloud } from '../helpers/product-cloud.ts';
import { objectNames, pngWithAlpha } from './images-fixtures.ts';

const cloud = sharedCloud(startProductCloud);

/** A device with a processed photo `p1`, plus an admin and a viewer. */
async function deviceWithPhoto() {
  const { uid: owner } = await cloud.signUp();
  await cloud.idle();
  const { deviceId } = await claimedDevice(cloud, owner);
  await seedMembers(cloud, deviceId, { admin1: 'admin', viewer1: 'viewer' });
  await cloud.upload(
    `uploads/devices/${deviceId}/photos/p1/original`,
    await pngWithAlpha(),
    'image/png',
    { uploadedBy: owner },
  );
  await cloud.idle();
  // A 300 px photo: its three sizes share one file.
  expect(await objectNames(cloud, `images/devices/${deviceId}/photos/p1/`)).toHaveLength(1);
  return { owner, deviceId };
}

async function snapshot(deviceId: string) {
  return {
    manifest: (await cloud.firestore.doc(`devices/${deviceId}/photos/p1`).get()).data(),
    objects: await objectNames(cloud, `images/devices/${deviceId}/`),
  };
}

describe('deleteDevicePhoto', () => {
  it.each(['owner', 'admin'] as const)('lets the %s delete variants and manifest', async (who) => {
    const { owner, deviceId } = await deviceWithPhoto();
    const uid = who === 'owner' ? owner : 'admin1';
    const response = DeleteDevicePhotoResponseSchema.parse(
      await cloud.call('deleteDevicePhoto', { deviceId, photoId: 'p1' }, { uid }),
    );
    expect(response).toEqual({ deleted: true });
    expect(await snapshot(deviceId)).toEqual({ manifest: undefined, objects: [] });
    // Deleting again is fine.
    await cloud.call('deleteDevicePhoto', { deviceId, photoId: 'p1' }, { uid });
  });

  it('also deletes an upload still waiting to be processed', async () => {
    const { owner, deviceId } = await deviceWithPhoto();
    // Written with the output marker so the pipeline leaves it where it is.
    const pending = `uploads/devices/${deviceId}/photos/p1/second`;
    await cloud.upload(pending, Buffer.from('x'), 'image/png', { gadgetImagePipeline: 'output' });
    await cloud.idle();
    await cloud.call('deleteDevicePhoto', { deviceId, photoId: 'p1' }, { uid: owner });
    expect(await objectNames(cloud, `uploads/devices/${deviceId}/`)).toEqual([]);
  });

  it('refuses viewers, strangers and anonymous callers, changing nothing', async () => {
    const { deviceId } = await deviceWithPhoto();
    const before = await snapshot(deviceId);
    const data = { deviceId, photoId: 'p1' };
    expect((await refusal(cloud.call('deleteDevicePhoto', data, { uid: 'viewer1' }))).code).toBe(
      'permission-denied',
    );
    expect((await refusal(cloud.call('deleteDevicePhoto', data, { uid: 'stranger' }))).code).toBe(
      'not-found',
    );
    expect((await refusal(cloud.call('deleteDevicePhoto', data))).code).toBe('unauthenticated');
    expect(await snapshot(deviceId)).toEqual(before);
  });

  it('refuses malformed and oversized requests, changing nothing', async () => {
    const { owner, deviceId } = await deviceWithPhoto();
    const before = await snapshot(deviceId);
    for (const data of [
      {},
      { deviceId, photoId: 7 },
      { deviceId, photoId: 'p1', extra: true },
      { deviceId, photoId: '../p1' },
      { deviceId, photoId: 'p'.repeat(65) },
      { deviceId: 'd'.repeat(10_000), photoId: 'p1' },
    ]) {
      expect((await refusal(cloud.call('deleteDevicePhoto', data, { uid: owner }))).code).toBe(
        'invalid-argument',
      );
    }
    expect(await snapshot(deviceId)).toEqual(before);
  });
});
