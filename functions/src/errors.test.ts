import { HttpsError } from 'firebase-functions/v2/https';
import { describe, expect, it } from 'vitest';
import { DomainError, invalidArgument, notFound, toHttpsError } from './errors.ts';

describe('toHttpsError', () => {
  it('keeps a domain error’s code, message and details, as expected', () => {
    const details = { fieldErrors: { name: ['Too long.'] } };
    const { httpsError, expected } = toHttpsError(invalidArgument('Bad name.', details));
    expect(httpsError).toBeInstanceOf(HttpsError);
    expect([httpsError.code, httpsError.message, httpsError.details]).toEqual([
      'invalid-argument',
      'Bad name.',
      details,
    ]);
    expect(expected).toBe(true);
    expect(toHttpsError(notFound('No such device.')).httpsError.code).toBe('not-found');
  });

  it('passes an HttpsError through; only an internal one is unexpected', () => {
    const deliberate = new HttpsError('unauthenticated', 'Sign in.');
    expect(toHttpsError(deliberate)).toEqual({ httpsError: deliberate, expected: true });
    const internal = new HttpsError('internal', 'Boom.');
    expect(toHttpsError(internal)).toEqual({ httpsError: internal, expected: false });
  });

  it('hides anything else behind a generic internal error that leaks nothing', () => {
    for (const thrown of [new Error('db password is hunter2'), 'a string', undefined]) {
      const { httpsError, expected } = toHttpsError(thrown);
      expect(httpsError.code).toBe('internal');
      expect(httpsError.message).toBe('Something went wrong on our side. Please try again.');
      expect(httpsError.details).toBeUndefined();
      expect(expected).toBe(false);
    }
  });

  it('takes a subclass of DomainError as a domain error', () => {
    class Custom extends DomainError {}
    expect(toHttpsError(new Custom('failed-precondition', 'Not yet.')).httpsError.code).toBe(
      'failed-precondition',
    );
  });
});
