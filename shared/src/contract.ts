import type { z } from 'zod';
import type { ErrorCode } from './error-codes.ts';
import type { Role } from './schemas/device.ts';

/** Who may call a callable, as documented in the API reference. */
export type CallerRule = 'signed-in' | 'device-member' | 'device-owner-or-admin' | 'device-owner';

/**
 * The device roles each caller rule admits (none needed for `signed-in`): what the services'
 * `requireRole` checks for the callable. A test calls every device callable as every role and
 * holds the two together; docs/SECURITY.md's table is generated from it.
 */
export const CALLER_ROLES: Readonly<Record<CallerRule, readonly Role[]>> = {
  'signed-in': [],
  'device-member': ['owner', 'admin', 'viewer'],
  'device-owner-or-admin': ['owner', 'admin'],
  'device-owner': ['owner'],
};

/** What every endpoint's contract has: its deployed name, its summary in the docs, its schemas. */
interface EndpointContract<Req extends z.ZodType, Res extends z.ZodType> {
  readonly name: string;
  readonly summary: string;
  readonly request: Req;
  readonly response: Res;
}

/**
 * A callable's contract: its deployed name, request and response schemas and who may call it.
 * The functions validate against it, the typed client and the API docs are generated from it.
 */
export interface CallableContract<
  Req extends z.ZodType = z.ZodType,
  Res extends z.ZodType = z.ZodType,
> extends EndpointContract<Req, Res> {
  readonly caller: CallerRule;
  /** Errors particular to this callable, by code, with when they happen (for the API reference). */
  readonly errors?: Readonly<Partial<Record<ErrorCode, string>>>;
}

export function defineContract<Req extends z.ZodType, Res extends z.ZodType>(
  contract: CallableContract<Req, Res>,
): CallableContract<Req, Res> {
  return contract;
}

/** An HTTPS endpoint that is not a callable (called by gadgets or Google services), for the docs. */
export interface HttpsEndpointContract<
  Req extends z.ZodType = z.ZodType,
  Res extends z.ZodType = z.ZodType,
> extends EndpointContract<Req, Res> {
  readonly method: 'POST';
  /** How a caller proves who it is. */
  readonly auth: string;
  readonly errorBody: z.ZodType;
  /** HTTP status → when it is answered. */
  readonly errors: Readonly<Record<number, string>>;
}

export function defineHttpsEndpoint<Req extends z.ZodType, Res extends z.ZodType>(
  endpoint: HttpsEndpointContract<Req, Res>,
): HttpsEndpointContract<Req, Res> {
  return endpoint;
}
