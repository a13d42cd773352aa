import { onCall, HttpsError } from 'firebase-functions/v2/https';
import type { CallableFunction, CallableRequest } from 'firebase-functions/v2/https';
import type { DecodedIdToken } from 'firebase-admin/auth';
import type { SecretParam } from 'firebase-functions/params';
import type { CallableContract } from '@gadget/shared';
import { z } from 'zod';
import { APP_CHECK_ENFORCED } from './config.ts';
import { toHttpsError } from './errors.ts';
import * as logs from './logs.ts';

/** What a callable handler gets: the parsed request and the caller's verified identity. */
export interface CallContext<Req> {
  readonly data: Req;
  readonly uid: string;
  readonly token: DecodedIdToken;
}

export interface CallableRuntimeOptions {
  /** Lower than the global ceiling for expensive callables. */
  readonly maxInstances?: number;
  readonly memory?: '256MiB' | '512MiB' | '1GiB' | '2GiB';
  readonly timeoutSeconds?: number;
  /** Secret params the handler reads; a secret not bound here has no value at run time. */
  readonly secrets?: SecretParam[];
}

/**
 * Builds a callable from its contract. In this order: no `request.auth` → `unauthenticated`;
 * App Check (per the APP_CHECK_ENFORCED param) → `unauthenticated`; `request.data` parsed with the
 * contract → `invalid-argument` with zod's flattened field errors in `details`; the handler; domain
 * errors mapped to their codes; anything else → `internal`, logged in full and never sent.
 */
export function defineCallable<Req extends z.ZodType, Res extends z.ZodType>(
  contract: CallableContract<Req, Res>,
  handler: (context: CallContext<z.output<Req>>) => Promise<z.input<Res>>,
  options: CallableRuntimeOptions = {},
): CallableFunction<unknown, Promise<z.input<Res>>> {
  return onCall({ ...options }, async (request: CallableRequest): Promise<z.input<Res>> => {
    const startedAt = Date.now();
    const uid = request.auth?.uid;
    const reject = (
      code: 'unauthenticated' | 'invalid-argument',
      reason: string,
      details?: unknown,
    ) => {
      logs.callableRejected({ callable: contract.name, uid, code, reason });
      return new HttpsError(code, reason, details);
    };

    if (request.auth === undefined || uid === undefined) {
      throw reject('unauthenticated', 'Sign in to call this function.');
    }
    if (APP_CHECK_ENFORCED.value() && request.app === undefined) {
      throw reject('unauthenticated', 'This app could not be verified (App Check).');
    }
    const parsed = contract.request.safeParse(request.data ?? {});
    if (!parsed.success) {
      throw reject('invalid-argument', 'The request is not valid.', z.flattenError(parsed.error));
    }

    try {
      return await handler({ data: parsed.data, uid, token: request.auth.token });
    } catch (error) {
      const { httpsError, expected } = toHttpsError(error);
      if (expected) {
        logs.callableRejected({
          callable: contract.name,
          uid,
          code: httpsError.code,
          reason: httpsError.message,
        });
      } else {
        logs.callableFailed({
          callable: contract.name,
          uid,
          durationMs: Date.now() - startedAt,
          error,
        });
      }
      throw httpsError;
    }
  });
}
