import * as z from 'zod';
import { defineContract } from '../contract.ts';
import { DeviceIdSchema } from '../schemas/device-requests.ts';
import {
  CommandIdSchema,
  CommandNameSchema,
  CommandValuesSchema,
} from '../schemas/device-control.ts';

/** How long a command may wait for its gadget, by default and at most. */
export const COMMAND_TIMEOUT_SECONDS = { default: 600, min: 10, max: 7 * 24 * 3600 } as const;

export const SendCommandRequestSchema = z.strictObject({
  deviceId: DeviceIdSchema,
  /** A command of the device's model's catalogue (`DEVICE_MODELS[model].commands`). */
  command: CommandNameSchema,
  /** The command's parameters, each within its range. */
  params: CommandValuesSchema.optional(),
  /**
   * After this many seconds a command the gadget never fetched is `expired`, and one it fetched
   * but did not acknowledge is `timed-out`; either tells the sender.
   */
  timeoutSeconds: z
    .number()
    .int()
    .min(COMMAND_TIMEOUT_SECONDS.min)
    .max(COMMAND_TIMEOUT_SECONDS.max)
    .optional(),
  /**
   * Makes a retry safe: the same key from the same user for the same device answers the command
   * it created the first time, and creates nothing.
   */
  idempotencyKey: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'Expected 1 to 64 letters, digits or _.:-')
    .optional(),
});
export type SendCommandRequest = z.input<typeof SendCommandRequestSchema>;

export const SendCommandResponseSchema = z.object({ commandId: CommandIdSchema });
export type SendCommandResponse = z.infer<typeof SendCommandResponseSchema>;

export const sendCommandContract = defineContract({
  name: 'sendCommand',
  summary:
    'Queues a command for the gadget (owner or admin); follow `devices/{id}/commands/{commandId}` for its status.',
  caller: 'device-owner-or-admin',
  request: SendCommandRequestSchema,
  response: SendCommandResponseSchema,
  errors: {
    'invalid-argument':
      'a command the model lacks or its firmware does not know, or a bad parameter (`details.fieldErrors["params.<name>"]`)',
    'failed-precondition': 'the idempotency key was used before for another command or parameters',
    'resource-exhausted': 'the device already has the most unfinished commands it may have',
  },
});
