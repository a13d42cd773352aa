/**
 * What an account, and each of its sign-in methods, may say of the person: the same names in
 * Identity Toolkit's JSON and in Auth events.
 */
export interface ContactInfo {
  email?: string;
  displayName?: string;
  photoUrl?: string;
  phoneNumber?: string;
}

/** An account's profile as both Identity Toolkit and Auth events show it. */
export interface UserProfile extends ContactInfo {
  uid: string;
  emailVerified: boolean;
  disabled: boolean;
}

/** One linked sign-in method, as Identity Toolkit's ProviderUserInfo JSON. */
export interface ProviderUserInfo extends ContactInfo {
  providerId: string;
  rawId: string;
  federatedId?: string;
}

/**
 * A stored account, shaped like Identity Toolkit's UserInfo JSON so lookups can return it as is
 * (firebase-admin's UserRecord reads exactly these names).
 */
export interface AuthUser extends UserProfile {
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
