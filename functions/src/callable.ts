import { onCall, HttpsError } from 'firebase-functions/v2/https';
import type { CallableFunction, CallableRequest } from 'firebase-functions/v2/https';
import type { DecodedIdToken } from 'firebase-admin/auth';
import type { SecretParam } from 'firebase-functions/params';
import { LIMITS } from '@gadget/shared';
import type { CallableContract } from '@gadget/shared';
import * as z from 'zod';
import { APP_CHECK_ENFORCED } from './config.ts';
import { toHttpsError } from './errors.ts';
import * as logs from './logs.ts';
import { refuseBody } from './request-limits.ts';
import { AccountDeletedError, accountDeleted } from './services/accounts/account-status.ts';
import { requireRecentLogin } from './recent-login.ts';

/** What a callable handler gets: the parsed request and the caller's verified identity. */
export interface CallContext<Req> {
  readonly data: Req;
  readonly uid: string;
  readonly token: DecodedIdToken;
  /** The Host the app called (under an emulator, where a sibling endpoint's URL starts). */
  readonly host: string | undefined;
}

export interface CallableRuntimeOptions {
  /** Lower than the global ceiling for expensive callables. */
  readonly maxInstances?: number;
  readonly memory?: '256MiB' | '512MiB' | '1GiB' | '2GiB';
  readonly timeoutSeconds?: number;
  /** Secret params the handler reads; a secret not bound here has no value at run time. */
  readonly secrets?: SecretParam[];
  /**
   * Serve an account whose deletion has begun: only `deleteAccount`, which must be able to resume
   * a cascade that failed part-way.
   */
  readonly duringDeletion?: boolean;
  /** Destructive: the ID token's sign-in must be recent (`failed-precondition` otherwise). */
  readonly recentLogin?: boolean;
  /**
   * The handler itself refuses an account whose deletion has begun, by throwing
   * AccountDeletedError (answered as the wrapper's own `unauthenticated`): it reads the tombstone
   * in the same consistent read or transaction as its own work, so no write of it can land after
   * the deletion began, and the wrapper's reads before and after the handler are skipped. Such a
   * call parses its request first, so a deleted account's malformed request gets
   * `invalid-argument`.
   */
  readonly deletionCheckedByHandler?: boolean;
}

const ACCOUNT_DELETED = 'This account has been deleted. Sign in again.';

/**
 * Builds a callable from its contract. In this order: a body that is compressed, declares or has
 * more than `LIMITS.callableBodyMaxBytes`, or is empty → `invalid-argument` (before any read); no
 * `request.auth` → `unauthenticated`; App Check (per the APP_CHECK_ENFORCED param) →
 * `unauthenticated`; an account whose deletion has begun (its tombstone, one point read) →
 * `unauthenticated`; `request.data` parsed with the contract → `invalid-argument` with zod's
 * flattened field errors in `details`; the handler; domain errors mapped to their codes (a
 * destructive callable first wants a recent sign-in); anything else → `internal`, logged in full
 * and never sent. A call that was past the account check when the deletion began reads the
 * tombstone again when done and, finding it, deletes the account's data once more and answers
 * `unauthenticated`: whatever it wrote after the cascade's step for it is gone. A handler that
 * reads the tombstone with its own data (`deletionCheckedByHandler`) gets neither read.
 */
export function defineCallable<Req extends z.ZodType, Res extends z.ZodType>(
  contract: CallableContract<Req, Res>,
  handler: (context: CallContext<z.output<Req>>) => Promise<z.input<Res>>,
  options: CallableRuntimeOptions = {},
): CallableFunction<unknown, Promise<z.input<Res>>> {
  const {
    duringDeletion = false,
    recentLogin = false,
    deletionCheckedByHandler = false,
    ...runtime
  } = options;
  const wrapperChecksDeletion = !duringDeletion && !deletionCheckedByHandler;
  return onCall({ ...runtime }, async (request: CallableRequest): Promise<z.input<Res>> => {
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

    const refusal = refuseBody(request.rawRequest, LIMITS.callableBodyMaxBytes);
    if (refusal !== undefined) throw reject('invalid-argument', refusal.reason);
    if (request.auth === undefined || uid === undefined) {
      throw reject('unauthenticated', 'Sign in to call this function.');
    }
    if (APP_CHECK_ENFORCED.value() && request.app === undefined) {
      throw reject('unauthenticated', 'This app could not be verified (App Check).');
    }
    if (wrapperChecksDeletion && (await accountDeleted(uid))) {
      throw reject('unauthenticated', ACCOUNT_DELETED);
    }
    const parsed = contract.request.safeParse(request.data ?? {});
    if (!parsed.success) {
      throw reject('invalid-argument', 'The request is not valid.', z.flattenError(parsed.error));
    }

    try {
      if (recentLogin) requireRecentLogin(request.auth.token.auth_time);
      const result = await handler({
        data: parsed.data,
        uid,
        token: request.auth.token,
        host: request.rawRequest.headers.host,
      });
      if (!wrapperChecksDeletion || !(await accountDeleted(uid))) return result;
      // Rare (a deletion raced the call), and the cascade's code is most of a callable's own load.
      const { sweepAccount } = await import('./services/accounts/account-deletion.ts');
      await sweepAccount(uid);
    } catch (error) {
      if (deletionCheckedByHandler && error instanceof AccountDeletedError) {
        throw reject('unauthenticated', ACCOUNT_DELETED);
      }
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
    throw reject('unauthenticated', ACCOUNT_DELETED);
  });
}
