// Auth emulator: the Identity Toolkit and Secure Token REST subset the Firebase SDKs use.
export { startAuthServer, DEFAULT_AUTH_PORT } from './server.ts';
export type { AuthServer, AuthServerOptions } from './server.ts';
export type { AuthUser, ProviderUserInfo, UserListener } from './types.ts';
export { toAuthEventData, AUTH_EVENT_TYPES } from './events.ts';
export type { AuthEventData, AuthEventUser } from './events.ts';
export { decodeIdToken } from './tokens.ts';
export type { IdTokenPayload } from './tokens.ts';
