import * as z from 'zod';
import { defineContract } from '../contract.ts';

export const DeleteAccountRequestSchema = z.strictObject({});
export type DeleteAccountRequest = z.input<typeof DeleteAccountRequestSchema>;

export const DeleteAccountResponseSchema = z.object({ deleted: z.literal(true) });
export type DeleteAccountResponse = z.infer<typeof DeleteAccountResponseSchema>;

export const deleteAccountContract = defineContract({
  name: 'deleteAccount',
  summary:
    'Deletes everything of the caller’s (profile, devices they own or hand over, memberships, invites, schedules, files), then the account itself. Safe to retry.',
  caller: 'signed-in',
  request: DeleteAccountRequestSchema,
  response: DeleteAccountResponseSchema,
  errors: {
    'failed-precondition':
      'The sign-in is older than 5 minutes: `details.reason` is `requires-recent-login`; sign in ' +
      'again and retry, as for Firebase Auth’s own `delete()`. Rarely, a device being handed to ' +
      'its next owner changed hands meanwhile: call again, the deletion resumes where it stopped.',
    'not-found':
      'Rarely, a device being handed to its next owner was deleted meanwhile: call again, the ' +
      'deletion resumes where it stopped.',
  },
});
