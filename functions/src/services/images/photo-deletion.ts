import * as logs from '../../logs.ts';
import { requireRole } from '../devices/device-access.ts';
import { deleteObjectsUnder } from '../../storage-bucket.ts';
import { photoUploadFolder, variantFolder } from './paths.ts';
import { collections } from '../../data/collections.ts';

/**
 * Deletes a device photo for its owner or an admin: the variants, any upload not processed yet,
 * then the manifest, last, so a failure part-way leaves a manifest to retry from. Deleting a
 * photo that is already gone succeeds.
 */
export async function deleteDevicePhoto(
  uid: string,
  deviceId: string,
  photoId: string,
): Promise<void> {
  requireRole((await collections.devices().doc(deviceId).get()).data(), uid, ['owner', 'admin']);
  const counts = await Promise.all([
    deleteObjectsUnder(variantFolder({ kind: 'photo', deviceId, photoId })),
    deleteObjectsUnder(photoUploadFolder(deviceId, photoId)),
  ]);
  await collections.photos(deviceId).doc(photoId).delete();
  logs.devicePhotoDeleted({ uid, deviceId, photoId, objects: counts[0] + counts[1] });
}
