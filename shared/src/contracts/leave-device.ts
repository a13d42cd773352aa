import * as z from 'zod';
import { defineContract } from '../contract.ts';
import { DeviceIdSchema } from '../schemas/device-requests.ts';

export const LeaveDeviceRequestSchema = z.strictObject({ deviceId: DeviceIdSchema });
export type LeaveDeviceRequest = z.input<typeof LeaveDeviceRequestSchema>;

export const LeaveDeviceResponseSchema = z.object({ left: z.literal(true) });
export type LeaveDeviceResponse = z.infer<typeof LeaveDeviceResponseSchema>;

export const leaveDeviceContract = defineContract({
  name: 'leaveDevice',
  summary:
    'The caller leaves a device they share. The owner cannot leave (failed-precondition): ' +
    'transfer ownership or release the device instead.',
  caller: 'device-member',
  request: LeaveDeviceRequestSchema,
  response: LeaveDeviceResponseSchema,
  errors: {
    'failed-precondition':
      'The caller owns the device: transfer ownership (`transferOwnership`) or release it ' +
      '(`releaseDevice`) instead.',
  },
});
