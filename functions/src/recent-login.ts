import { failedPrecondition } from './errors.ts';

/**
 * Destructive callables want a fresh sign-in, as Firebase Auth's own `delete()` does: a token
 * taken from an unlocked phone or a stolen session is not enough to wipe an account or a device.
 */
export const RECENT_LOGIN_SECONDS = 5 * 60;

/** The reason the app reads from `details` to ask the user to sign in again. */
export const REQUIRES_RECENT_LOGIN = 'requires-recent-login';

/** Refuses unless the ID token's `auth_time` (seconds) is within RECENT_LOGIN_SECONDS of `now`. */
export function requireRecentLogin(authTime: unknown, now: Date = new Date()): void {
  const age = typeof authTime === 'number' ? now.getTime() / 1000 - authTime : Infinity;
  if (age <= RECENT_LOGIN_SECONDS) return;
  throw failedPrecondition(
    'Sign in again to do this: it needs a sign-in from the last 5 minutes.',
    { reason: REQUIRES_RECENT_LOGIN },
  );
}
