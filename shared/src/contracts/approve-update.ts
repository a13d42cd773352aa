import * as z from 'zod';
import { defineContract } from '../contract.ts';
import { DeviceIdSchema } from '../schemas/device-requests.ts';
import { OtaStateSchema, RolloutIdSchema } from '../schemas/firmware-updates.ts';

export const ApproveUpdateRequestSchema = z.strictObject({
  deviceId: DeviceIdSchema,
  rolloutId: RolloutIdSchema,
});
export type ApproveUpdateRequest = z.input<typeof ApproveUpdateRequestSchema>;

export const ApproveUpdateResponseSchema = z.object({ state: OtaStateSchema });
export type ApproveUpdateResponse = z.infer<typeof ApproveUpdateResponseSchema>;

export const approveUpdateContract = defineContract({
  name: 'approveUpdate',
  summary:
    'Approves an update waiting on an ask-first device (owner or admin): the gadget is offered it on its next call. Approving again changes nothing.',
  caller: 'device-owner-or-admin',
  request: ApproveUpdateRequestSchema,
  response: ApproveUpdateResponseSchema,
  errors: {
    'failed-precondition': 'no update of this rollout is waiting for approval on the device',
  },
});
