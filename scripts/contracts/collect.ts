import * as shared from '@gadget/shared';
import type { CallableContract } from '@gadget/shared';

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
