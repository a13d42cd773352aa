import type { AuthUser, SignInProvider } from './types.ts';

/** ID tokens live an hour, as production's do. */
export const ID_TOKEN_LIFETIME_SECONDS = 3600;

const UNSIGNED_HEADER = base64url(JSON.stringify({ alg: 'none', typ: 'JWT' }));

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

export interface IdTokenPayload {
  iss: string;
  aud: string;
  auth_time: number;
  user_id: string;
  sub: string;
  iat: number;
  exp: number;
  email?: string;
  email_verified?: boolean;
  firebase: { identities: Record<string, string[]>; sign_in_provider: string };
  [claim: string]: unknown;
}

export interface MintOptions {
  project: string;
  provider: SignInProvider;
  /** Seconds since epoch; defaults to now. */
  now?: number;
  /** Claims added after the user's custom claims (e.g. from a custom token). */
  extraClaims?: Record<string, unknown>;
}

/**
 * An ID token in the unsigned format the official Auth emulator issues (alg "none", empty
 * signature), which firebase-admin accepts when FIREBASE_AUTH_EMULATOR_HOST is set.
 */
export function mintIdToken(user: AuthUser, options: MintOptions): string {
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const identities: Record<string, string[]> = {};
  if (user.email) identities['email'] = [user.email];
  for (const info of user.providerUserInfo) {
    if (info.providerId !== 'password' && info.rawId) {
      (identities[info.providerId] ??= []).push(info.rawId);
    }
  }
  const customClaims = user.customAttributes
    ? (JSON.parse(user.customAttributes) as Record<string, unknown>)
    : {};
  const payload: IdTokenPayload = {
    ...(user.displayName === undefined ? {} : { name: user.displayName }),
    ...(user.photoUrl === undefined ? {} : { picture: user.photoUrl }),
    ...customClaims,
    ...options.extraClaims,
    ...(user.email === undefined ? {} : { email: user.email, email_verified: user.emailVerified }),
    ...(user.phoneNumber === undefined ? {} : { phone_number: user.phoneNumber }),
    ...(options.provider === 'anonymous' ? { provider_id: 'anonymous' } : {}),
    iss: `https://securetoken.google.com/${options.project}`,
    aud: options.project,
    auth_time: authTimeOf(user, now),
    user_id: user.uid,
    sub: user.uid,
    iat: now,
    exp: now + ID_TOKEN_LIFETIME_SECONDS,
    firebase: {
      identities,
      sign_in_provider: options.provider,
      ...(user.tenantId === undefined ? {} : { tenant: user.tenantId }),
    },
  };
  return `${UNSIGNED_HEADER}.${base64url(JSON.stringify(payload))}.`;
}

/**
 * The token of a user no Auth server knows, signed in with a custom token: what tests call
 * functions with when they need a uid and not an account (an emulator's functions skip verifying it).
 */
export function customUserIdToken(
  project: string,
  uid: string,
  claims?: Record<string, unknown>,
): string {
  const user: AuthUser = {
    uid,
    emailVerified: false,
    disabled: false,
    providerUserInfo: [],
    createdAt: String(Date.now()),
  };
  return mintIdToken(user, { project, provider: 'custom', ...(claims && { extraClaims: claims }) });
}

function authTimeOf(user: AuthUser, now: number): number {
  if (user.lastLoginAt !== undefined) return Math.floor(Number(user.lastLoginAt) / 1000);
  return now;
}

/**
 * Reads an ID token's payload without checking any signature (the emulator trusts its callers),
 * or returns undefined when the text is not a JWT with a usable payload.
 */
export function decodeIdToken(token: string): IdTokenPayload | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[1] === undefined) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    if (!isPayload(payload)) return undefined;
    return payload;
  } catch {
    return undefined;
  }
}

function isPayload(value: unknown): value is IdTokenPayload {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record['user_id'] === 'string' &&
    typeof record['aud'] === 'string' &&
    typeof record['iat'] === 'number' &&
    typeof record['exp'] === 'number' &&
    typeof record['firebase'] === 'object' &&
    record['firebase'] !== null
  );
}
