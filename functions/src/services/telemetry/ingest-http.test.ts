import { describe, expect, it } from 'vitest';
import {
  alreadyExists,
  failedPrecondition,
  invalidArgument,
  notFound,
  permissionDenied,
  resourceExhausted,
} from '../../errors.ts';
import { toHttpError } from '../../http-errors.ts';
import { HttpError } from '../../http-errors.ts';
import {
  INGEST_ERROR_RULES,
  parseDeviceAuthorization,
  requireDeviceCredentials,
} from './ingest-http.ts';

/** What ingest answers for an error its handler threw. */
const fromDomainError = (error: unknown) => toHttpError(error, INGEST_ERROR_RULES).httpError;

describe('ingest’s answers for domain errors', () => {
  it('answers invalid readings with 422 and their details', () => {
    const details = { formErrors: [], fieldErrors: { 'readings.0': ['ts: older than 7 days'] } };
    const answer = fromDomainError(invalidArgument('Some readings are not valid.', details));
    expect([answer.status, answer.code, answer.retryAfterSeconds]).toEqual([
      422,
      'invalid-argument',
      undefined,
    ]);
    expect(answer.body()).toEqual({
      error: { code: 'invalid-argument', message: 'Some readings are not valid.', details },
    });
  });

  it('answers a rate limit with 429 and Retry-After from the details, else 60 s', () => {
    const limited = fromDomainError(resourceExhausted('Slow down.', { retryAfterSeconds: 12 }));
    expect([limited.status, limited.retryAfterSeconds]).toEqual([429, 12]);
    expect(limited.body()).toEqual({
      error: { code: 'resource-exhausted', message: 'Slow down.' },
    });
    expect(fromDomainError(resourceExhausted('Full hour.')).retryAfterSeconds).toBe(60);
    expect(
      fromDomainError(resourceExhausted('x', { retryAfterSeconds: '5' })).retryAfterSeconds,
    ).toBe(60);
  });

  it('answers not-found like a bad key, so a device id cannot be probed', () => {
    const missing = fromDomainError(notFound('No device d1.'));
    const denied = fromDomainError(permissionDenied('Not yours.'));
    for (const answer of [missing, denied]) {
      expect(answer.status).toBe(403);
      expect(answer.body()).toEqual({
        error: { code: 'permission-denied', message: 'This device key is not valid.' },
      });
    }
  });

  it('hides every other domain error behind one internal answer', () => {
    for (const error of [alreadyExists('Secret a.'), failedPrecondition('Secret b.', { x: 1 })]) {
      const answer = fromDomainError(error);
      expect(answer.status).toBe(500);
      expect(answer.body()).toEqual({
        error: { code: 'internal', message: 'Something went wrong on our side. Please try again.' },
      });
    }
  });
});

describe('parseDeviceAuthorization', () => {
  const key = 'k'.repeat(16);
  it('reads `Device <id>:<key>` and nothing else', () => {
    expect(parseDeviceAuthorization(`Device d-1:${key}`)).toEqual({ deviceId: 'd-1', key });
    expect(parseDeviceAuthorization(`  Device d1:${key}  `)).toEqual({ deviceId: 'd1', key });
    for (const header of [
      undefined,
      '',
      `Bearer d1:${key}`,
      `device d1:${key}`,
      `Device d1:${'k'.repeat(15)}`,
      `Device d1:${'k'.repeat(129)}`,
      `Device d/1:${key}`,
      `Device :${key}`,
      `Device d1${key}`,
    ]) {
      expect(parseDeviceAuthorization(header), String(header)).toBeNull();
    }
  });
});

describe('requireDeviceCredentials', () => {
  const key = 'k'.repeat(43);
  const refusal = (header: string | undefined): HttpError => {
    try {
      requireDeviceCredentials(header);
    } catch (error) {
      if (error instanceof HttpError) return error;
      throw error;
    }
    throw new Error(`${String(header)} was accepted`);
  };

  it('returns well-formed credentials', () => {
    expect(requireDeviceCredentials(`Device d1:${key}`)).toEqual({ deviceId: 'd1', key });
  });

  it('asks for the header (401) when no device id and key were sent', () => {
    for (const header of [
      undefined,
      '',
      `Bearer d1:${key}`,
      'Device d1',
      'Device :',
      'Device d1:',
    ]) {
      const answer = refusal(header);
      expect([answer.status, answer.code], String(header)).toEqual([401, 'unauthenticated']);
      expect(answer.message).toBe('Send `Authorization: Device <deviceId>:<deviceKey>`.');
      expect(answer.headers).toEqual({ 'WWW-Authenticate': 'Device' });
    }
  });

  it('answers a key or id that cannot be valid as a wrong key (403), not as a missing header', () => {
    for (const header of [
      `Device d1:${'k'.repeat(15)}`,
      `Device d1:${'k'.repeat(129)}`,
      `Device d1:${key.slice(0, 40)}+/=`,
      `Device d/1:${key}`,
      `Device ${'d'.repeat(65)}:${key}`,
    ]) {
      const answer = refusal(header);
      expect([answer.status, answer.code], header).toEqual([403, 'permission-denied']);
      expect(answer.body()).toEqual({
        error: { code: 'permission-denied', message: 'This device key is not valid.' },
      });
    }
  });
});
