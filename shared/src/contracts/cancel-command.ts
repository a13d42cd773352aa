import * as z from 'zod';
import { defineContract } from '../contract.ts';
import { DeviceIdSchema } from '../schemas/device-requests.ts';
import { CommandIdSchema } from '../schemas/device-control.ts';

export const CancelCommandRequestSchema = z.strictObject({
  deviceId: DeviceIdSchema,
  commandId: CommandIdSchema,
});
export type CancelCommandRequest = z.input<typeof CancelCommandRequestSchema>;

export const CancelCommandResponseSchema = z.object({ status: z.literal('cancelled') });
export type CancelCommandResponse = z.infer<typeof CancelCommandResponseSchema>;

export const cancelCommandContract = defineContract({
  name: 'cancelCommand',
  summary:
    'Cancels a command that has not finished (owner or admin); a gadget that already fetched it may still run it, and its answer is then ignored.',
  caller: 'device-owner-or-admin',
  request: CancelCommandRequestSchema,
  response: CancelCommandResponseSchema,
  errors: {
    'not-found': 'no such command on this device',
    'failed-precondition': 'the command has already finished; the message says how',
  },
});
