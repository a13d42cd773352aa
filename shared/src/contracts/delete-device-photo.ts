import * as z from 'zod';
import { defineContract } from '../contract.ts';
import { DeviceIdSchema } from '../schemas/device-requests.ts';

/** Photo ids are chosen by the app (the upload path's `{photoId}`); never a path. */
export const PhotoIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Expected a photo id');

export const DeleteDevicePhotoRequestSchema = z.strictObject({
  deviceId: DeviceIdSchema,
  photoId: PhotoIdSchema,
});
export type DeleteDevicePhotoRequest = z.input<typeof DeleteDevicePhotoRequestSchema>;

export const DeleteDevicePhotoResponseSchema = z.object({ deleted: z.literal(true) });
export type DeleteDevicePhotoResponse = z.infer<typeof DeleteDevicePhotoResponseSchema>;

export const deleteDevicePhotoContract = defineContract({
  name: 'deleteDevicePhoto',
  summary:
    'Deletes a device photo: its image variants, any upload still waiting, and its manifest ' +
    '(`devices/{deviceId}/photos/{photoId}`). Deleting a photo that is already gone succeeds.',
  caller: 'device-owner-or-admin',
  request: DeleteDevicePhotoRequestSchema,
  response: DeleteDevicePhotoResponseSchema,
});
