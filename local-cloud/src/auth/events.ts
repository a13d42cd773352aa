import type { AuthUser, ContactInfo, UserProfile } from './types.ts';

/** The user as Eventarc's AuthEventData carries it. */
export interface AuthEventUser extends UserProfile {
  metadata: { createTime: string; lastSignInTime?: string };
  providerData: (ContactInfo & { uid: string; providerId: string })[];
  customClaims?: Record<string, unknown>;
  tenantId?: string;
}

export type AuthEventData = { value: AuthEventUser } | { oldValue: AuthEventUser };

export const AUTH_EVENT_TYPES = {
  created: 'google.firebase.auth.user.v2.created',
  deleted: 'google.firebase.auth.user.v2.deleted',
} as const;

const CONTACT_KEYS = ['email', 'displayName', 'photoUrl', 'phoneNumber'] as const;

/** The contact fields `source` has, and none of its other fields (no password hash leaks). */
function contactOf(source: ContactInfo): ContactInfo {
  const contact: ContactInfo = {};
  for (const key of CONTACT_KEYS) {
    const value = source[key];
    if (value !== undefined) contact[key] = value;
  }
  return contact;
}

function msToIso(ms: string): string {
  return new Date(Number(ms)).toISOString();
}

/**
 * The data of a `google.firebase.auth.user.v2.created|deleted` CloudEvent: the user under `value`
 * for creations and `oldValue` for deletions. firebase-functions unboxes it into a UserRecord
 * (`photoUrl` becomes `photoURL`, `metadata.createTime` becomes `metadata.creationTime`).
 */
export function toAuthEventData(kind: 'created' | 'deleted', user: AuthUser): AuthEventData {
  const eventUser: AuthEventUser = {
    uid: user.uid,
    ...contactOf(user),
    emailVerified: user.emailVerified,
    disabled: user.disabled,
    metadata: {
      createTime: msToIso(user.createdAt),
      ...(user.lastLoginAt !== undefined && { lastSignInTime: msToIso(user.lastLoginAt) }),
    },
    providerData: user.providerUserInfo.map((info) => ({
      uid: info.rawId,
      providerId: info.providerId,
      ...contactOf(info),
    })),
    ...(user.customAttributes !== undefined && {
      customClaims: JSON.parse(user.customAttributes) as Record<string, unknown>,
    }),
    ...(user.tenantId !== undefined && { tenantId: user.tenantId }),
  };
  return kind === 'created' ? { value: eventUser } : { oldValue: eventUser };
}
