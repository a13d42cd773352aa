import * as z from 'zod';

/**
 * The callable error codes this backend answers with (a subset of the Functions error codes that the
 * client SDKs understand). Anything not listed here reaches the app as `internal`.
 */
export const ErrorCodeSchema = z.enum([
  'invalid-argument',
  'unauthenticated',
  'permission-denied',
  'not-found',
  'already-exists',
  'resource-exhausted',
  'failed-precondition',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

/** `details` of an `invalid-argument` error: zod's flattened field errors. */
export const FieldErrorsSchema = z.object({
  formErrors: z.array(z.string()),
  fieldErrors: z.record(z.string(), z.array(z.string())),
});
export type FieldErrors = z.infer<typeof FieldErrorsSchema>;
