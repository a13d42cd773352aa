import * as shared from '@gadget/shared';
import type { CallableContract, HttpsEndpointContract, ReadablePath } from '@gadget/shared';

/** Every callable contract the shared package exports, by deployed name. */
export function collectContracts(): CallableContract[] {
  const contracts = Object.values(shared as Record<string, unknown>).filter(isContract);
  return contracts.sort((a, b) => a.name.localeCompare(b.name));
}

function isContract(value: unknown): value is CallableContract {
  return (
    typeof value === 'object' &&
    value !== null &&
    'name' in value &&
    'request' in value &&
    'response' in value &&
    'caller' in value
  );
}

/** Every HTTPS endpoint (not a callable) the shared package describes. */
export function collectEndpoints(): HttpsEndpointContract[] {
  return Object.values(shared.HTTPS_ENDPOINTS);
}

/** Every Firestore path the apps may read, in the order the docs list them. */
export function collectReadablePaths(): readonly ReadablePath[] {
  return shared.READABLE_PATHS;
}
