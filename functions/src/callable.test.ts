import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HttpsError } from 'firebase-functions/v2/https';
import type { CallableRequest } from 'firebase-functions/v2/https';
import type { DecodedIdToken } from 'firebase-admin/auth';
import * as z from 'zod';
import { LIMITS, defineContract } from '@gadget/shared';
import { defineCallable } from './callable.ts';
import { notFound } from './errors.ts';
import { AccountDeletedError, accountDeleted } from './services/accounts/account-status.ts';
import * as logs from './logs.ts';

vi.mock('./logs.ts', () => ({
  callableRejected: vi.fn(),
  callableFailed: vi.fn(),
}));
// No Firestore here: the account check is tested on the cloud (attacks-accounts).
vi.mock(import('./services/accounts/account-status.ts'), async (importOriginal) => ({
  ...(await importOriginal()),
  accountDeleted: vi.fn(() => Promise.resolve(false)),
}));

const echoContract = defineContract({
  name: 'echo',
  summary: 'test contract',
  caller: 'signed-in',
  request: z.strictObject({ text: z.string().min(1).max(5), times: z.number().int().optional() }),
  response: z.object({ text: z.string(), uid: z.string() }),
});

/** The HTTP request under a call, as the body parser leaves it: headers and the bytes read. */
function httpRequest(body: string, headers: Record<string, string> = {}) {
  const rawBody = Buffer.from(body);
  return {
    headers: { 'content-length': String(rawBody.length), ...headers },
    rawBody,
  } as unknown as CallableRequest['rawRequest'];
}

function request(overrides: Partial<CallableRequest> = {}): CallableRequest {
  return {
    data: { text: 'hi' },
    auth: { uid: 'user-1', token: { uid: 'user-1' } as DecodedIdToken, rawToken: 'raw' },
    app: { appId: 'app-1', token: {} as never, alreadyConsumed: false },
    rawRequest: httpRequest('{"data":{"text":"hi"}}'),
    acceptsStreaming: false,
    ...overrides,
  };
}

async function rejection(promise: Promise<unknown>): Promise<HttpsError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(HttpsError);
  return error as HttpsError;
}

describe('defineCallable', () => {
  const handler = vi.fn(({ data, uid }: { data: { text: string }; uid: string }) =>
    Promise.resolve({ text: data.text, uid }),
  );
  const echo = defineCallable(echoContract, handler);

  beforeEach(() => {
    process.env.APP_CHECK_ENFORCED = 'true';
    handler.mockClear();
    vi.mocked(logs.callableFailed).mockClear();
  });
  afterEach(() => {
    delete process.env.APP_CHECK_ENFORCED;
  });

  it('runs the handler with the parsed request and caller, and the response fits the contract', async () => {
    const response = await echo.run(request());
    expect(echoContract.response.parse(response)).toEqual({ text: 'hi', uid: 'user-1' });
    expect(handler).toHaveBeenCalledOnce();
  });

  it('refuses a compressed, oversized or empty body as invalid-argument before anything else', async () => {
    const big = ' '.repeat(LIMITS.callableBodyMaxBytes);
    for (const [rawRequest, message] of [
      [
        httpRequest('{"data":{}}', { 'content-encoding': 'gzip' }),
        'Send the body uncompressed (no Content-Encoding).',
      ],
      [httpRequest(`{"data":{}}${big}`), 'The body may be at most 256 KB.'],
      [
        httpRequest('{"data":{}}', { 'content-length': String(LIMITS.callableBodyMaxBytes + 1) }),
        'The body may be at most 256 KB.',
      ],
      [
        httpRequest('{"data":{}}', { 'content-length': '1e3' }),
        'The Content-Length header is not a number.',
      ],
      [httpRequest(''), 'The body is empty: send a JSON object.'],
    ] as const) {
      const error = await rejection(echo.run(request({ auth: undefined, rawRequest })));
      expect([error.code, error.message]).toEqual(['invalid-argument', message]);
    }
    expect(handler).not.toHaveBeenCalled();
  });

  it('rejects a request without auth as unauthenticated before looking at App Check or data', async () => {
    const error = await rejection(
      echo.run(request({ auth: undefined, app: undefined, data: 'garbage' })),
    );
    expect(error.code).toBe('unauthenticated');
    expect(error.message).toMatch(/sign in/i);
    expect(handler).not.toHaveBeenCalled();
  });

  it('rejects a request without App Check when the param enforces it', async () => {
    const error = await rejection(echo.run(request({ app: undefined, data: 'garbage' })));
    expect(error.code).toBe('unauthenticated');
    expect(error.message).toMatch(/App Check/);
    expect(handler).not.toHaveBeenCalled();
  });

  it('accepts a request without App Check when the param is off', async () => {
    process.env.APP_CHECK_ENFORCED = 'false';
    await expect(echo.run(request({ app: undefined }))).resolves.toEqual({
      text: 'hi',
      uid: 'user-1',
    });
  });

  it('answers invalid-argument with flattened field errors and does not run the handler', async () => {
    const error = await rejection(
      echo.run(request({ data: { text: 'far too long', times: 1.5, extra: 1 } })),
    );
    expect(error.code).toBe('invalid-argument');
    const details = error.details as {
      formErrors: string[];
      fieldErrors: Record<string, string[]>;
    };
    expect(Object.keys(details.fieldErrors).sort()).toEqual(['text', 'times']);
    expect(details.formErrors.join(' ')).toMatch(/extra/);
    expect(handler).not.toHaveBeenCalled();
  });

  it('treats missing data as an empty object, so required fields are reported by name', async () => {
    const error = await rejection(echo.run(request({ data: null })));
    expect(error.code).toBe('invalid-argument');
    expect((error.details as { fieldErrors: Record<string, unknown> }).fieldErrors).toHaveProperty(
      'text',
    );
  });

  it('maps a domain error to its code and message', async () => {
    const failing = defineCallable(echoContract, () => Promise.reject(notFound('No such gadget.')));
    const error = await rejection(failing.run(request()));
    expect(error.code).toBe('not-found');
    expect(error.message).toBe('No such gadget.');
    expect(logs.callableFailed).not.toHaveBeenCalled();
  });

  it('turns an unexpected error into internal without leaking it, and logs it in full', async () => {
    const secret = new Error('connection string postgres://admin:hunter2@db');
    const failing = defineCallable(echoContract, () => Promise.reject(secret));
    const error = await rejection(failing.run(request()));
    expect(error.code).toBe('internal');
    expect(error.message).not.toContain('hunter2');
    expect(JSON.stringify(error.toJSON())).not.toContain('hunter2');
    expect(error.details).toBeUndefined();
    expect(logs.callableFailed).toHaveBeenCalledWith(
      expect.objectContaining({ callable: 'echo', uid: 'user-1', error: secret }),
    );
  });

  it('passes an HttpsError thrown on purpose through unchanged', async () => {
    const failing = defineCallable(echoContract, () =>
      Promise.reject(new HttpsError('failed-precondition', 'Claim the gadget first.')),
    );
    const error = await rejection(failing.run(request()));
    expect(error.code).toBe('failed-precondition');
    expect(error.message).toBe('Claim the gadget first.');
  });

  describe('the deletion check', () => {
    beforeEach(() => {
      vi.mocked(accountDeleted).mockClear();
      vi.mocked(logs.callableRejected).mockClear();
    });

    it('reads the tombstone before and after the handler, and refuses a deleted account unrun', async () => {
      await echo.run(request());
      expect(vi.mocked(accountDeleted).mock.calls).toEqual([['user-1'], ['user-1']]);
      vi.mocked(accountDeleted).mockResolvedValueOnce(true);
      const error = await rejection(echo.run(request()));
      expect(error.code).toBe('unauthenticated');
      expect(error.message).toBe('This account has been deleted. Sign in again.');
      expect(handler).toHaveBeenCalledOnce();
    });

    it('with deletionCheckedByHandler, reads no tombstone and answers the handler’s AccountDeletedError as the wrapper would', async () => {
      const checking = vi.fn((): Promise<{ text: string; uid: string }> =>
        Promise.reject(new AccountDeletedError()),
      );
      const selfChecked = defineCallable(echoContract, checking, {
        deletionCheckedByHandler: true,
      });
      const error = await rejection(selfChecked.run(request()));
      expect(error.code).toBe('unauthenticated');
      expect(error.message).toBe('This account has been deleted. Sign in again.');
      expect(accountDeleted).not.toHaveBeenCalled();
      expect(logs.callableRejected).toHaveBeenCalledWith({
        callable: 'echo',
        uid: 'user-1',
        code: 'unauthenticated',
        reason: 'This account has been deleted. Sign in again.',
      });
      checking.mockResolvedValueOnce({ text: 'hi', uid: 'user-1' });
      await expect(selfChecked.run(request())).resolves.toEqual({ text: 'hi', uid: 'user-1' });
      expect(accountDeleted).not.toHaveBeenCalled();
    });

    it('without the option, an AccountDeletedError from a handler keeps its own code', async () => {
      const failing = defineCallable(echoContract, () => Promise.reject(new AccountDeletedError()));
      const error = await rejection(failing.run(request()));
      expect(error.code).toBe('failed-precondition');
    });
  });
});
