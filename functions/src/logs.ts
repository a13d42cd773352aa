import * as logger from 'firebase-functions/logger';

/**
 * One named function per log event, with structured fields, so that log-based metrics and alerts
 * can match on `event`. Never pass emails, tokens, claim codes or device keys here.
 */

export function profileCreated(fields: { uid: string; source: 'auth-trigger' | 'callable' }): void {
  logger.info('profile created', { event: 'profile_created', ...fields });
}

export function profileAlreadyExisted(fields: {
  uid: string;
  source: 'auth-trigger' | 'callable';
}): void {
  logger.debug('profile already existed', { event: 'profile_already_existed', ...fields });
}

export function callableRejected(fields: {
  callable: string;
  uid: string | undefined;
  code: string;
  reason: string;
}): void {
  logger.info('callable rejected', { event: 'callable_rejected', ...fields });
}

export function callableFailed(fields: {
  callable: string;
  uid: string | undefined;
  durationMs: number;
  error: unknown;
}): void {
  logger.error('callable failed', {
    event: 'callable_failed',
    callable: fields.callable,
    uid: fields.uid,
    durationMs: fields.durationMs,
    error: describeError(fields.error),
  });
}

function describeError(error: unknown): { name: string; message: string; stack?: string } {
  if (error instanceof Error) {
    return {
      name: error.name,
      message: error.message,
      ...(error.stack === undefined ? {} : { stack: error.stack }),
    };
  }
  return { name: 'NonError', message: String(error) };
}
