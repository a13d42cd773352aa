import { randomBytes } from 'node:crypto';
import type { AuthUser, ProviderUserInfo, SignInProvider } from './types.ts';

/** What a refresh token stands for; the token itself is an opaque random string. */
export interface RefreshTokenRecord {
  project: string;
  uid: string;
  provider: SignInProvider;
  /** Seconds since epoch; a later validSince on the user revokes the token. */
  issuedAt: number;
  extraClaims?: Record<string, unknown>;
}

export interface ProjectConfig {
  /** When on, sign-in failures say INVALID_LOGIN_CREDENTIALS instead of naming the cause. */
  improvedEmailPrivacy: boolean;
}

/** The serialized form written by snapshots. */
export interface StoreSnapshot {
  version: 1;
  projects: Record<string, { users: AuthUser[]; config: ProjectConfig }>;
  refreshTokens: Record<string, RefreshTokenRecord>;
}

class ProjectAccounts {
  readonly users = new Map<string, AuthUser>();
  readonly uidByEmail = new Map<string, string>();
  readonly uidByPhone = new Map<string, string>();
  config: ProjectConfig = { improvedEmailPrivacy: false };
}

/** All accounts of all projects, with the indexes lookups need. */
export class AuthStore {
  #projects = new Map<string, ProjectAccounts>();
  #refreshTokens = new Map<string, RefreshTokenRecord>();

  #project(project: string): ProjectAccounts {
    let accounts = this.#projects.get(project);
    if (!accounts) {
      accounts = new ProjectAccounts();
      this.#projects.set(project, accounts);
    }
    return accounts;
  }

  get(project: string, uid: string): AuthUser | undefined {
    return this.#projects.get(project)?.users.get(uid);
  }

  getByEmail(project: string, email: string): AuthUser | undefined {
    const uid = this.#projects.get(project)?.uidByEmail.get(email.toLowerCase());
    return uid === undefined ? undefined : this.get(project, uid);
  }

  getByPhone(project: string, phoneNumber: string): AuthUser | undefined {
    const uid = this.#projects.get(project)?.uidByPhone.get(phoneNumber);
    return uid === undefined ? undefined : this.get(project, uid);
  }

  /** Users ordered by uid, starting after `afterUid`. */
  list(project: string, afterUid?: string): AuthUser[] {
    const users = [...(this.#projects.get(project)?.users.values() ?? [])];
    users.sort((a, b) => (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
    return afterUid === undefined ? users : users.filter((user) => user.uid > afterUid);
  }

  config(project: string): ProjectConfig {
    return this.#project(project).config;
  }

  /** Inserts or replaces a user, keeping the email/phone indexes and derived providers in step. */
  put(project: string, user: AuthUser): AuthUser {
    const accounts = this.#project(project);
    const previous = accounts.users.get(user.uid);
    if (previous?.email !== undefined) accounts.uidByEmail.delete(previous.email);
    if (previous?.phoneNumber !== undefined) accounts.uidByPhone.delete(previous.phoneNumber);
    const stored = { ...user, providerUserInfo: deriveProviders(user) };
    accounts.users.set(stored.uid, stored);
    if (stored.email !== undefined) accounts.uidByEmail.set(stored.email, stored.uid);
    if (stored.phoneNumber !== undefined) accounts.uidByPhone.set(stored.phoneNumber, stored.uid);
    return stored;
  }

  delete(project: string, uid: string): AuthUser | undefined {
    const accounts = this.#projects.get(project);
    const user = accounts?.users.get(uid);
    if (!accounts || !user) return undefined;
    accounts.users.delete(uid);
    if (user.email !== undefined) accounts.uidByEmail.delete(user.email);
    if (user.phoneNumber !== undefined) accounts.uidByPhone.delete(user.phoneNumber);
    for (const [token, record] of this.#refreshTokens) {
      if (record.project === project && record.uid === uid) this.#refreshTokens.delete(token);
    }
    return user;
  }

  issueRefreshToken(record: RefreshTokenRecord): string {
    const token = randomBytes(32).toString('base64url');
    this.#refreshTokens.set(token, record);
    return token;
  }

  refreshToken(token: string): RefreshTokenRecord | undefined {
    return this.#refreshTokens.get(token);
  }

  clearProject(project: string): void {
    this.#projects.delete(project);
    for (const [token, record] of this.#refreshTokens) {
      if (record.project === project) this.#refreshTokens.delete(token);
    }
  }

  clear(): void {
    this.#projects.clear();
    this.#refreshTokens.clear();
  }

  toSnapshot(): StoreSnapshot {
    const projects: StoreSnapshot['projects'] = {};
    for (const [project, accounts] of this.#projects) {
      projects[project] = { users: [...accounts.users.values()], config: { ...accounts.config } };
    }
    return { version: 1, projects, refreshTokens: Object.fromEntries(this.#refreshTokens) };
  }

  loadSnapshot(snapshot: StoreSnapshot): void {
    const version: unknown = snapshot.version;
    if (version !== 1) throw new Error(`Unsupported auth snapshot version: ${String(version)}`);
    this.clear();
    for (const [project, { users, config }] of Object.entries(snapshot.projects)) {
      this.#project(project).config = { ...config };
      for (const user of users) this.put(project, user);
    }
    for (const [token, record] of Object.entries(snapshot.refreshTokens)) {
      this.#refreshTokens.set(token, record);
    }
  }
}

/** Password and phone provider entries follow the account's own fields, as in Identity Toolkit. */
function deriveProviders(user: AuthUser): ProviderUserInfo[] {
  const others = user.providerUserInfo.filter(
    (info) => info.providerId !== 'password' && info.providerId !== 'phone',
  );
  const derived: ProviderUserInfo[] = [];
  if (user.email !== undefined && user.passwordHash !== undefined) {
    derived.push({
      providerId: 'password',
      rawId: user.email,
      federatedId: user.email,
      email: user.email,
      ...(user.displayName === undefined ? {} : { displayName: user.displayName }),
      ...(user.photoUrl === undefined ? {} : { photoUrl: user.photoUrl }),
    });
  }
  if (user.phoneNumber !== undefined) {
    derived.push({ providerId: 'phone', rawId: user.phoneNumber, phoneNumber: user.phoneNumber });
  }
  return [...others, ...derived];
}
