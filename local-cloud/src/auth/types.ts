/** One linked sign-in method, as Identity Toolkit's ProviderUserInfo JSON. */
export interface ProviderUserInfo {
  providerId: string;
  rawId: string;
  federatedId?: string;
  email?: string;
  displayName?: string;
  photoUrl?: string;
  phoneNumber?: string;
}

/**
 * A stored account, shaped like Identity Toolkit's UserInfo JSON so lookups can return it as is
 * (firebase-admin's UserRecord reads exactly these names).
 */
export interface AuthUser {
  uid: string;
  email?: string;
  emailVerified: boolean;
  displayName?: string;
  photoUrl?: string;
  phoneNumber?: string;
  disabled: boolean;
  /** scrypt digest, base64; never the password itself. */
  passwordHash?: string;
  /** scrypt salt, base64. */
  salt?: string;
  passwordUpdatedAt?: number;
  /** Custom claims, serialized JSON object. */
  customAttributes?: string;
  providerUserInfo: ProviderUserInfo[];
  /** Milliseconds since epoch, as a decimal string. */
  createdAt: string;
  /** Milliseconds since epoch, as a decimal string. */
  lastLoginAt?: string;
  /** ISO 8601 timestamp. */
  lastRefreshAt?: string;
  tenantId?: string;
  /** Seconds since epoch, as a decimal string: tokens issued earlier are revoked. */
  validSince?: string;
}

export type SignInProvider = 'password' | 'anonymous' | 'custom';

export type UserListener = (project: string, user: AuthUser) => void;
