import type { AuthUser } from './types.ts';

/** The user as Eventarc's AuthEventData carries it. */
export interface AuthEventUser {
  uid: string;
  email?: string;
  emailVerified: boolean;
  displayName?: string;
  photoUrl?: string;
  phoneNumber?: string;
  disabled: boolean;
  metadata: { createTime: string; lastSignInTime?: string };
  providerData: {
    uid: string;
    providerId: string;
    email?: string;
    displayName?: string;
    photoUrl?: string;
    phoneNumber?: string;
  }[];
  customClaims?: Record<string, unknown>;
  tenantId?: string;
}

export type AuthEventData = { value: AuthEventUser } | { oldValue: AuthEventUser };

export const AUTH_EVENT_TYPES = {
  created: 'google.firebase.auth.user.v2.created',
  deleted: 'google.firebase.auth.user.v2.deleted',
} as const;

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
    ...(user.email !== undefined && { email: user.email }),
    emailVerified: user.emailVerified,
    ...(user.displayName !== undefined && { displayName: user.displayName }),
    ...(user.photoUrl !== undefined && { photoUrl: user.photoUrl }),
    ...(user.phoneNumber !== undefined && { phoneNumber: user.phoneNumber }),
    disabled: user.disabled,
    metadata: {
      createTime: msToIso(user.createdAt),
      ...(user.lastLoginAt !== undefined && { lastSignInTime: msToIso(user.lastLoginAt) }),
    },
    providerData: user.providerUserInfo.map((info) => ({
      uid: info.rawId,
      providerId: info.providerId,
      ...(info.email !== undefined && { email: info.email }),
      ...(info.displayName !== undefined && { displayName: info.displayName }),
      ...(info.photoUrl !== undefined && { photoUrl: info.photoUrl }),
      ...(info.phoneNumber !== undefined && { phoneNumber: info.phoneNumber }),
    })),
    ...(user.customAttributes !== undefined && {
      customClaims: JSON.parse(user.customAttributes) as Record<string, unknown>,
    }),
    ...(user.tenantId !== undefined && { tenantId: user.tenantId }),
  };
  return kind === 'created' ? { value: eventUser } : { oldValue: eventUser };
}
