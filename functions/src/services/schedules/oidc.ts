import type { OAuth2Client } from 'google-auth-library';

const GOOGLE_ISSUERS = new Set(['https://accounts.google.com', 'accounts.google.com']);

/** Why a request was refused: 401 without credentials, 403 with credentials that do not pass. */
export class OidcRejection extends Error {
  readonly status: 401 | 403;
  constructor(status: 401 | 403, message: string) {
    super(message);
    this.status = status;
  }
}

let client: Promise<OAuth2Client> | undefined;

/** google-auth-library is loaded when the first run arrives: only this function needs it. */
function oauthClient(): Promise<OAuth2Client> {
  client ??= import('google-auth-library').then(({ OAuth2Client }) => new OAuth2Client());
  return client;
}

/**
 * Checks `Authorization: Bearer <Google OIDC token>` as Cloud Scheduler sends it: signed by Google,
 * issued by Google, for `audience` (the job's own audience, which names its schedule), with the
 * scheduler's service account as its verified email and a subject, not expired. The cheap checks
 * on the claims run first, so garbage is refused without fetching Google's certificates.
 */
export async function verifySchedulerToken(
  authorization: string | undefined,
  audience: string,
  serviceAccount: string,
  now: Date,
): Promise<void> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  const token = match?.[1];
  if (token === undefined) throw new OidcRejection(401, 'Send a Google OIDC bearer token.');
  const claims = unverifiedClaims(token);
  if (
    claims === null ||
    claims.aud !== audience ||
    typeof claims.iss !== 'string' ||
    !GOOGLE_ISSUERS.has(claims.iss) ||
    typeof claims.exp !== 'number' ||
    claims.exp * 1000 < now.getTime() ||
    claims.email !== serviceAccount ||
    typeof claims.sub !== 'string' ||
    claims.sub === ''
  ) {
    throw new OidcRejection(403, 'The bearer token is not valid for this endpoint.');
  }
  try {
    const ticket = await (await oauthClient()).verifyIdToken({ idToken: token, audience });
    const payload = ticket.getPayload();
    if (
      payload?.email !== serviceAccount ||
      payload.email_verified !== true ||
      payload.aud !== audience ||
      !GOOGLE_ISSUERS.has(payload.iss) ||
      payload.sub === ''
    ) {
      throw new Error('Token for another principal');
    }
  } catch {
    throw new OidcRejection(403, 'The bearer token is not valid for this endpoint.');
  }
}

function unverifiedClaims(token: string): Record<string, unknown> | null {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[1] === undefined) return null;
  try {
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as unknown;
    return typeof claims === 'object' && claims !== null && !Array.isArray(claims)
      ? (claims as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
