import { describe, expect, it } from 'vitest';
import { failedPrecondition, invalidArgument, notFound, permissionDenied } from './errors.ts';
import { HttpError, sendHttpError, toHttpError } from './http-errors.ts';

describe('toHttpError', () => {
  it('passes an HttpError through; only a 5xx one is unexpected', () => {
    const refusal = new HttpError(405, 'method-not-allowed', 'POST only.');
    expect(toHttpError(refusal)).toEqual({ httpError: refusal, expected: true });
    const failure = new HttpError(503, 'internal', 'Down.');
    expect(toHttpError(failure).expected).toBe(false);
  });

  it('answers not-found with 404 and permission-denied with 403, keeping their messages', () => {
    expect(toHttpError(notFound('No schedule s1.')).httpError.body()).toEqual({
      error: { code: 'not-found', message: 'No schedule s1.' },
    });
    expect(toHttpError(notFound('x')).httpError.status).toBe(404);
    expect(toHttpError(permissionDenied('Not yours.')).httpError.status).toBe(403);
  });

  it('replaces both with one refusal when the endpoint’s rule says so', () => {
    const rules = { notFoundAndDeniedAs: () => new HttpError(403, 'permission-denied', 'No.') };
    for (const error of [notFound('No device d1.'), permissionDenied('Not yours.')]) {
      const { httpError, expected } = toHttpError(error, rules);
      expect([httpError.status, httpError.message, expected]).toEqual([403, 'No.', true]);
    }
    // The rule is about those two only.
    expect(toHttpError(invalidArgument('Bad.'), rules).httpError.status).toBe(422);
  });

  it('hides unexpected domain errors and anything else behind one internal answer', () => {
    for (const thrown of [failedPrecondition('Secret.', { x: 1 }), new Error('hunter2'), 'text']) {
      const { httpError, expected } = toHttpError(thrown);
      expect([httpError.status, expected]).toEqual([500, false]);
      expect(httpError.body()).toEqual({
        error: { code: 'internal', message: 'Something went wrong on our side. Please try again.' },
      });
    }
  });
});

describe('sendHttpError', () => {
  it('sends the headers, a Retry-After of at least a second, the status and the body', () => {
    const sent: { headers: Record<string, string>; status?: number; body?: unknown } = {
      headers: {},
    };
    const response = {
      set: (field: string, value: string) => (sent.headers[field] = value),
      status: (code: number) => {
        sent.status = code;
        return { json: (body: unknown) => (sent.body = body) };
      },
    };
    sendHttpError(
      response,
      new HttpError(429, 'resource-exhausted', 'Slow down.', {
        retryAfterSeconds: 0,
        headers: { 'X-Why': 'limit' },
      }),
    );
    expect(sent).toEqual({
      headers: { 'X-Why': 'limit', 'Retry-After': '1' },
      status: 429,
      body: { error: { code: 'resource-exhausted', message: 'Slow down.' } },
    });
  });
});
