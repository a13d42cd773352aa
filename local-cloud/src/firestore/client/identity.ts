import { status } from '@grpc/grpc-js';
import { RpcError } from '../data/errors.ts';

/** The decoded payload of a client's ID token (local-cloud Auth's, or a rules-unit-testing mock). */
export type TokenClaims = Readonly<Record<string, unknown>> & {
  readonly sub?: string;
  readonly user_id?: string;
};

/**
 * Who sent a client request. `owner` is what firebase-admin and rules-unit-testing's
 * `withSecurityRulesDisabled` send (`Bearer owner`): it bypasses security rules, as on the Emulator
 * Suite. `user` carries the token's claims; `anonymous` sent no credentials at all.
 */
export type ClientIdentity =
  | { readonly kind: 'owner' }
  | { readonly kind: 'user'; readonly uid: string; readonly token: TokenClaims }
  | { readonly kind: 'anonymous' };

export const OWNER: ClientIdentity = { kind: 'owner' };
export const ANONYMOUS: ClientIdentity = { kind: 'anonymous' };

const unauthenticated = (why: string): RpcError =>
  new RpcError(status.UNAUTHENTICATED, `Invalid authentication credentials: ${why}.`);

/**
 * Reads an `Authorization` header value. Tokens are decoded, not verified: the Emulator Suite's
 * tokens are unsigned (`alg: none`), and so are local-cloud Auth's. A token that is not a JWT, or
 * whose payload names no user, is refused with UNAUTHENTICATED, as production refuses it.
 */
export function identityFromAuthorization(header: string | undefined): ClientIdentity {
  if (header === undefined || header.trim() === '') return ANONYMOUS;
  const m = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!m?.[1]) throw unauthenticated('expected "Bearer <token>"');
  const token = m[1];
  if (token === 'owner') return OWNER;
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) throw unauthenticated('the token is not a JWT');
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    throw unauthenticated('the token payload is not JSON');
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims))
    throw unauthenticated('the token payload is not an object');
  const c = claims as TokenClaims;
  const uid = typeof c.sub === 'string' && c.sub !== '' ? c.sub : c.user_id;
  if (typeof uid !== 'string' || uid === '') throw unauthenticated('the token names no user');
  return { kind: 'user', uid, token: c };
}
