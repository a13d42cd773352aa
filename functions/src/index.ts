// The deployed functions: one line each, the export name is the deployed name.
import './config.ts';

export { ensureProfile } from './callables/ensure-profile.ts';
export { onUserCreated } from './triggers/auth/on-user-created.ts';
