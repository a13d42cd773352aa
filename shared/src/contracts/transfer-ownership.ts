import * as z from 'zod';
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
  errors: {
    'failed-precondition':
      'The sign-in is older than 5 minutes: `details.reason` is `requires-recent-login`; sign in ' +
      'again and retry, as for Firebase Auth’s own `delete()`. Or the new owner is not a member ' +
      'of the device.',
  },
});
