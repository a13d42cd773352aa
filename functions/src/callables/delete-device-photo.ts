import { deleteDevicePhotoContract } from '@gadget/shared';
import { defineCallable } from '../callable.ts';
import { deleteDevicePhoto as deletePhoto } from '../services/images/photo-deletion.ts';

export const deleteDevicePhoto = defineCallable(
  deleteDevicePhotoContract,
  async ({ uid, data }) => {
    await deletePhoto(uid, data.deviceId, data.photoId);
    return { deleted: true as const };
  },
);
