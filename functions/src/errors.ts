import { HttpsError } from 'firebase-functions/v2/https';
import type { FunctionsErrorCode } from 'firebase-functions/v2/https';
import type { ErrorCode } from '@gadget/shared';

/**
 * Domain errors thrown by services. Services know nothing of HTTP or callables; this file decides
 * which code a callable answers, and http-errors.ts beside it which status an HTTPS endpoint does.
 */
export class DomainError extends Error {
  readonly code: Exclude<ErrorCode, 'internal'>;
  readonly details: unknown;

  constructor(code: Exclude<ErrorCode, 'internal'>, message: string, details?: unknown) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }
}

export const notFound = (message: string) => new DomainError('not-found', message);
export const permissionDenied = (message: string) => new DomainError('permission-denied', message);
export const alreadyExists = (message: string) => new DomainError('already-exists', message);
export const failedPrecondition = (message: string, details?: unknown) =>
  new DomainError('failed-precondition', message, details);
export const resourceExhausted = (message: string, details?: unknown) =>
  new DomainError('resource-exhausted', message, details);
export const invalidArgument = (message: string, details?: unknown) =>
  new DomainError('invalid-argument', message, details);

/** The one answer for anything unexpected, callable or HTTPS: it tells nothing of the cause. */
export const INTERNAL_MESSAGE = 'Something went wrong on our side. Please try again.';

/**
 * Maps anything a handler threw to what the app receives. HttpsErrors thrown on purpose pass through,
 * domain errors keep their code and message, and everything else becomes a generic `internal`.
 */
export function toHttpsError(error: unknown): { httpsError: HttpsError; expected: boolean } {
  if (error instanceof HttpsError)
    return { httpsError: error, expected: error.code !== 'internal' };
  if (error instanceof DomainError) {
    const code: FunctionsErrorCode = error.code;
    return { httpsError: new HttpsError(code, error.message, error.details), expected: true };
  }
  return { httpsError: new HttpsError('internal', INTERNAL_MESSAGE), expected: false };
}
