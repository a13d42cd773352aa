import * as z from 'zod';
import { defineContract } from '../contract.ts';
import { DeviceNameInputSchema, SerialInputSchema } from '../schemas/device-requests.ts';
import { DeviceViewSchema } from '../schemas/device-view.ts';

/** The serial and claim code printed on the gadget's label; the name defaults to the model's (never the serial, which viewers must not see). */
export const ClaimDeviceRequestSchema = z.strictObject({
  serial: SerialInputSchema,
  /** Case, dashes, spaces and Crockford's confusable letters (I, L, O) do not matter. */
  claimCode: z.string().min(1).max(32),
  name: DeviceNameInputSchema.optional(),
});
export type ClaimDeviceRequest = z.input<typeof ClaimDeviceRequestSchema>;

export const ClaimDeviceResponseSchema = z.object({
  deviceId: z.string(),
  /** False when the caller already owned the device (a repeated claim). */
  created: z.boolean(),
  device: DeviceViewSchema,
});
export type ClaimDeviceResponse = z.infer<typeof ClaimDeviceResponseSchema>;

export const claimDeviceContract = defineContract({
  name: 'claimDevice',
  summary:
    'Claims a gadget with its serial and printed claim code; the caller becomes its owner. ' +
    'Repeating a successful claim is a no-op. Unknown serials, wrong codes and locked serials ' +
    'answer the same not-found error; 5 wrong codes lock a serial for 15 minutes for that ' +
    'account (not for anyone else), 20 failures ' +
    'in an hour lock the caller out (resource-exhausted), as do too many failures across all ' +
    'accounts in a minute (`GLOBAL_GUESS_LIMIT_PER_MINUTE`).',
  caller: 'signed-in',
  request: ClaimDeviceRequestSchema,
  response: ClaimDeviceResponseSchema,
  errors: {
    'not-found':
      'An unknown serial, a wrong claim code, or a serial locked for the caller after 5 wrong ' +
      'codes (for 15 minutes): one answer, so a guesser learns nothing about which.',
    'already-exists':
      'The gadget belongs to someone else; its owner (or an admin) can invite the caller instead.',
    'resource-exhausted':
      'More than 20 failed claims by the caller in an hour, or too many across all accounts this ' +
      'minute (`GLOBAL_GUESS_LIMIT_PER_MINUTE`); `details.retryAfterSeconds` says when to retry.',
  },
});
