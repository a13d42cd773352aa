import { z } from 'zod';
import { defineContract } from '../contract.ts';
import { DeviceIdSchema, UidSchema } from '../schemas/device-requests.ts';

export const TransferOwnershipRequestSchema = z.strictObject({
  deviceId: DeviceIdSchema,
  /** The new owner: an existing member. */
  uid: UidSchema,
});
export type TransferOwnershipRequest = z.input<typeof TransferOwnershipRequestSchema>;

export const TransferOwnershipResponseSchema = z.object({ ownerUid: z.string() });
export type TransferOwnershipResponse = z.infer<typeof TransferOwnershipResponseSchema>;

export const transferOwnershipContract = defineContract({
  name: 'transferOwnership',
  summary: 'The owner hands the device to an existing member and becomes an admin.',
  caller: 'device-owner',
  request: TransferOwnershipRequestSchema,
  response: TransferOwnershipResponseSchema,
});
