// `request.auth` from the caller's identity: null when signed out, else {uid, token} with every
// claim of the ID token (custom claims and `firebase.sign_in_provider` included).
import type { ClientIdentity } from '../firestore/client/identity.ts';
import { RMap } from './values.ts';
import type { RValue } from './values.ts';

export function authOf(identity: ClientIdentity): RValue {
  if (identity.kind !== 'user') return null;
  return new RMap({ uid: identity.uid, token: fromJson(identity.token) });
}

/** JSON claims as rules values: whole numbers as ints (iat, exp), others as floats. */
export function fromJson(v: unknown): RValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : v;
  if (Array.isArray(v)) return v.map(fromJson);
  if (typeof v === 'object')
    return new RMap(
      new Map(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, fromJson(x)])),
    );
  return null;
}
