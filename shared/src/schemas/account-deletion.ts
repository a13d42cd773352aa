import * as z from 'zod';

/** The steps of the account deletion cascade, in the order they run. */
export const ACCOUNT_DELETION_STEPS = [
  'ownedDevices',
  'memberships',
  'invites',
  'schedules',
  'storage',
  'profile',
] as const;
export const AccountDeletionStepSchema = z.enum(ACCOUNT_DELETION_STEPS);
export type AccountDeletionStep = z.infer<typeof AccountDeletionStepSchema>;

/**
 * `accountDeletions/{uid}`: the progress of one account's deletion, written by functions only.
 * It is also the tombstone that stops a late sign-up event or `ensureProfile` from bringing the
 * deleted profile back; `expireAt` lets a TTL policy remove it long after any event could arrive.
 */
export const AccountDeletionSchema = z.object({
  startedAt: z.date(),
  /** When each finished step completed; a resumed run skips these. */
  steps: z.partialRecord(AccountDeletionStepSchema, z.date()),
  finishedAt: z.date().nullable(),
  expireAt: z.date(),
});
export type AccountDeletion = z.infer<typeof AccountDeletionSchema>;
