import * as z from 'zod';
import { defineContract } from '../contract.ts';

export const SendTestNotificationRequestSchema = z.strictObject({});
export type SendTestNotificationRequest = z.input<typeof SendTestNotificationRequestSchema>;

export const SendTestNotificationResponseSchema = z.object({
  /** Tokens FCM accepted the message for. */
  sent: z.number().int().nonnegative(),
  /** Tokens it failed for, the pruned ones included. */
  failed: z.number().int().nonnegative(),
  /** Tokens FCM reported dead, now removed. */
  pruned: z.number().int().nonnegative(),
});
export type SendTestNotificationResponse = z.infer<typeof SendTestNotificationResponseSchema>;

export const sendTestNotificationContract = defineContract({
  name: 'sendTestNotification',
  summary:
    'Pushes a test message to every current token of the caller and reports how many were sent, ' +
    'failed and pruned. Nothing is written to the inbox.',
  caller: 'signed-in',
  request: SendTestNotificationRequestSchema,
  response: SendTestNotificationResponseSchema,
  errors: {
    'resource-exhausted':
      'More than 5 test notifications in a minute, or the backstop across all accounts ' +
      '(`GLOBAL_CALL_LIMIT_PER_MINUTE`) is reached.',
  },
});
