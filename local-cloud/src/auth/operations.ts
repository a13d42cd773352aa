import { randomBytes } from 'node:crypto';
import { validateClaims, validateCustomAttributes } from './claims.ts';
import { AuthApiError, check } from './errors.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import type { RequestBody } from './request-body.ts';
import { optionalBoolean, optionalString, stringList } from './request-body.ts';
import type { AuthStore } from './store.ts';
import { decodeIdToken, ID_TOKEN_LIFETIME_SECONDS, mintIdToken } from './tokens.ts';
import type { AuthUser, SignInProvider } from './types.ts';

export const PASSWORD_MIN_LENGTH = 6;
const MAX_BATCH_DELETE = 1000;
const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 1000;
/** base64("REDACTED"): what Identity Toolkit shows callers who may not see password hashes. */
const REDACTED_HASH = 'UkVEQUNURUQ=';
export const CUSTOM_TOKEN_AUDIENCE =
  'https://identitytoolkit.googleapis.com/google.identity.identitytoolkit.v1.IdentityToolkit';

export interface OperationContext {
  store: AuthStore;
  /** The project named in the path, or the server's default for client calls. */
  project: string;
  /** Whether the project came from the path (admin calls) rather than the default. */
  projectFromPath: boolean;
  /** Admin credentials ("Authorization: Bearer owner"), which unlock admin-only fields. */
  privileged: boolean;
  query: URLSearchParams;
  /** Queues a user event; the server delivers it after the response is sent. */
  emit(kind: 'created' | 'deleted', project: string, user: AuthUser): void;
}

export type Operation = (ctx: OperationContext, body: RequestBody) => Promise<object> | object;

const nowMs = (): number => Date.now();
const nowSeconds = (): number => Math.floor(Date.now() / 1000);

function isValidEmail(email: string): boolean {
  return /^[^@\s]+@[^@\s]+$/.test(email);
}

function newUid(): string {
  // 28 alphanumerics, like production uids.
  return randomBytes(21).toString('base64url').replace(/[-_]/g, 'A').slice(0, 28);
}

function issueTokens(
  ctx: OperationContext,
  project: string,
  user: AuthUser,
  provider: SignInProvider,
  extraClaims?: Record<string, unknown>,
): { idToken: string; refreshToken: string; expiresIn: string } {
  const refreshed = ctx.store.put(project, { ...user, lastRefreshAt: new Date().toISOString() });
  const now = nowSeconds();
  return {
    idToken: mintIdToken(refreshed, {
      project,
      provider,
      now,
      ...(extraClaims && { extraClaims }),
    }),
    refreshToken: ctx.store.issueRefreshToken({
      project,
      uid: user.uid,
      provider,
      issuedAt: now,
      ...(extraClaims && { extraClaims }),
    }),
    expiresIn: String(ID_TOKEN_LIFETIME_SECONDS),
  };
}

interface ParsedIdToken {
  user: AuthUser;
  project: string;
  provider: SignInProvider;
}

function parseIdToken(ctx: OperationContext, idToken: string): ParsedIdToken {
  const payload = decodeIdToken(idToken);
  check(payload, 'INVALID_ID_TOKEN');
  const project = ctx.projectFromPath ? ctx.project : payload.aud;
  check(payload.aud === project, 'INVALID_ID_TOKEN');
  check(payload.exp > nowSeconds(), 'TOKEN_EXPIRED');
  const user = ctx.store.get(project, payload.user_id);
  check(user, 'USER_NOT_FOUND');
  check(user.validSince === undefined || payload.iat >= Number(user.validSince), 'TOKEN_EXPIRED');
  check(!user.disabled, 'USER_DISABLED');
  return { user, project, provider: payload.firebase.sign_in_provider as SignInProvider };
}

function checkNewEmail(ctx: OperationContext, project: string, email: string): string {
  check(isValidEmail(email), 'INVALID_EMAIL');
  const canonical = email.toLowerCase();
  check(!ctx.store.getByEmail(project, canonical), 'EMAIL_EXISTS');
  return canonical;
}

function checkNewPhone(ctx: OperationContext, project: string, phoneNumber: string): void {
  check(phoneNumber.startsWith('+'), 'INVALID_PHONE_NUMBER : Invalid format.');
  check(!ctx.store.getByPhone(project, phoneNumber), 'PHONE_NUMBER_EXISTS');
}

async function passwordFields(password: string): Promise<Partial<AuthUser>> {
  check(
    password.length >= PASSWORD_MIN_LENGTH,
    `WEAK_PASSWORD : Password should be at least ${String(PASSWORD_MIN_LENGTH)} characters`,
  );
  return {
    ...(await hashPassword(password)),
    passwordUpdatedAt: nowMs(),
    validSince: String(nowSeconds()),
  };
}

/** The user as lookups return it; only admins see password hashes. */
function userView(ctx: OperationContext, user: AuthUser): object {
  const { uid, salt, passwordHash, ...rest } = user;
  return {
    localId: uid,
    ...rest,
    ...(passwordHash === undefined
      ? {}
      : ctx.privileged
        ? { passwordHash, salt }
        : { passwordHash: REDACTED_HASH }),
  };
}

export const signUp: Operation = async (ctx, body) => {
  const idToken = optionalString(body, 'idToken');
  const email = optionalString(body, 'email');
  const password = optionalString(body, 'password');
  const displayName = optionalString(body, 'displayName');
  let provider: SignInProvider | undefined;
  let project = ctx.project;
  let existing: AuthUser | undefined;
  if (idToken !== undefined) ({ user: existing, project } = parseIdToken(ctx, idToken));

  const fields: Partial<AuthUser> = {};
  if (ctx.privileged) {
    const photoUrl = optionalString(body, 'photoUrl');
    const phoneNumber = optionalString(body, 'phoneNumber');
    if (displayName !== undefined) fields.displayName = displayName;
    if (photoUrl !== undefined) fields.photoUrl = photoUrl;
    fields.emailVerified = optionalBoolean(body, 'emailVerified') ?? false;
    fields.disabled = optionalBoolean(body, 'disabled') ?? false;
    if (phoneNumber !== undefined) {
      checkNewPhone(ctx, project, phoneNumber);
      fields.phoneNumber = phoneNumber;
    }
  } else {
    check(optionalString(body, 'localId') === undefined, 'UNEXPECTED_PARAMETER : User ID');
    if (idToken !== undefined || email !== undefined || password !== undefined) {
      check(email, 'MISSING_EMAIL');
      check(password, 'MISSING_PASSWORD');
      provider = 'password';
      if (displayName !== undefined) fields.displayName = displayName;
    } else {
      provider = 'anonymous';
    }
  }
  if (email !== undefined) fields.email = checkNewEmail(ctx, project, email);
  if (password !== undefined) Object.assign(fields, await passwordFields(password));
  // A client's sign-up signs in, stamped after the password's validSince (hashing takes a while): a
  // sign-in second earlier than validSince would make the account's tokens look revoked.
  if (!ctx.privileged) fields.lastLoginAt = String(nowMs());

  let user: AuthUser;
  if (existing) {
    user = ctx.store.put(project, { ...existing, ...fields, emailVerified: false });
  } else {
    const localId = optionalString(body, 'localId');
    if (localId !== undefined) check(!ctx.store.get(project, localId), 'DUPLICATE_LOCAL_ID');
    user = ctx.store.put(project, {
      uid: localId ?? newUid(),
      emailVerified: false,
      disabled: false,
      providerUserInfo: [],
      ...fields,
      createdAt: String(nowMs()),
    });
    ctx.emit('created', project, user);
  }
  return {
    kind: 'identitytoolkit#SignupNewUserResponse',
    localId: user.uid,
    email: user.email,
    displayName: user.displayName,
    ...(provider && issueTokens(ctx, project, user, provider)),
  };
};

export const signInWithPassword: Operation = async (ctx, body) => {
  const email = optionalString(body, 'email');
  const password = optionalString(body, 'password');
  check(email !== undefined, 'MISSING_EMAIL');
  check(isValidEmail(email), 'INVALID_EMAIL');
  check(password, 'MISSING_PASSWORD');
  const hidden = ctx.store.config(ctx.project).improvedEmailPrivacy;
  const user = ctx.store.getByEmail(ctx.project, email);
  check(user, hidden ? 'INVALID_LOGIN_CREDENTIALS' : 'EMAIL_NOT_FOUND');
  check(!user.disabled, 'USER_DISABLED');
  const { passwordHash, salt } = user;
  const matches =
    passwordHash !== undefined &&
    salt !== undefined &&
    (await verifyPassword(password, { passwordHash, salt }));
  check(matches, hidden ? 'INVALID_LOGIN_CREDENTIALS' : 'INVALID_PASSWORD');
  const signedIn = ctx.store.put(ctx.project, { ...user, lastLoginAt: String(nowMs()) });
  return {
    kind: 'identitytoolkit#VerifyPasswordResponse',
    registered: true,
    localId: signedIn.uid,
    email: signedIn.email,
    displayName: signedIn.displayName ?? '',
    ...issueTokens(ctx, ctx.project, signedIn, 'password'),
  };
};

/** Accepts strict JSON or any JWT (signature unchecked), like the official emulator. */
export const signInWithCustomToken: Operation = (ctx, body) => {
  const token = optionalString(body, 'token');
  check(token, 'MISSING_CUSTOM_TOKEN');
  let payload: unknown;
  try {
    if (token.startsWith('{')) {
      payload = JSON.parse(token);
    } else {
      const part = token.split('.')[1];
      payload =
        part === undefined ? undefined : JSON.parse(Buffer.from(part, 'base64url').toString());
      check(
        typeof payload === 'object' &&
          payload !== null &&
          (payload as RequestBody)['aud'] === CUSTOM_TOKEN_AUDIENCE,
        'INVALID_CUSTOM_TOKEN',
      );
    }
  } catch (error) {
    if (error instanceof AuthApiError) throw error;
    throw new AuthApiError('INVALID_CUSTOM_TOKEN : Invalid assertion format');
  }
  check(typeof payload === 'object' && payload !== null, 'INVALID_CUSTOM_TOKEN');
  const claimsSource = payload as RequestBody;
  const uid = optionalString(claimsSource, 'uid') ?? optionalString(claimsSource, 'user_id');
  check(uid, 'MISSING_IDENTIFIER');
  let extraClaims: Record<string, unknown> | undefined;
  if (claimsSource['claims'] !== undefined) {
    const claims = claimsSource['claims'];
    validateClaims(claims);
    extraClaims = claims;
  }
  const existing = ctx.store.get(ctx.project, uid);
  if (existing) check(!existing.disabled, 'USER_DISABLED');
  const user = ctx.store.put(ctx.project, {
    ...(existing ?? {
      uid,
      emailVerified: false,
      disabled: false,
      providerUserInfo: [],
      createdAt: String(nowMs()),
    }),
    lastLoginAt: String(nowMs()),
  });
  if (!existing) ctx.emit('created', ctx.project, user);
  return {
    kind: 'identitytoolkit#VerifyCustomTokenResponse',
    isNewUser: !existing,
    ...issueTokens(ctx, ctx.project, user, 'custom', extraClaims),
  };
};

export const lookup: Operation = (ctx, body) => {
  const found = new Map<string, AuthUser>();
  const add = (user: AuthUser | undefined): void => {
    if (user) found.set(user.uid, user);
  };
  const idToken = optionalString(body, 'idToken');
  if (idToken !== undefined) {
    add(parseIdToken(ctx, idToken).user);
  } else {
    check(ctx.privileged, 'MISSING_ID_TOKEN');
    for (const uid of stringList(body, 'localId')) add(ctx.store.get(ctx.project, uid));
    for (const email of stringList(body, 'email')) add(ctx.store.getByEmail(ctx.project, email));
    for (const phone of stringList(body, 'phoneNumber'))
      add(ctx.store.getByPhone(ctx.project, phone));
  }
  const users = [...found.values()].map((user) => userView(ctx, user));
  return {
    kind: 'identitytoolkit#GetAccountInfoResponse',
    ...(users.length > 0 && { users }),
  };
};

export const update: Operation = async (ctx, body) => {
  const idToken = optionalString(body, 'idToken');
  let user: AuthUser;
  let project = ctx.project;
  let provider: SignInProvider | undefined;
  if (!ctx.privileged || idToken !== undefined) {
    check(idToken, 'INVALID_REQ_TYPE : Unsupported request parameters.');
    check(body['customAttributes'] === undefined, 'INSUFFICIENT_PERMISSION');
    check(body['disableUser'] === undefined, 'OPERATION_NOT_ALLOWED');
    ({ user, project, provider } = parseIdToken(ctx, idToken));
  } else {
    const localId = optionalString(body, 'localId');
    check(localId, 'MISSING_LOCAL_ID');
    const found = ctx.store.get(project, localId);
    check(found, 'USER_NOT_FOUND');
    user = found;
  }

  const next: AuthUser = { ...user };
  const email = optionalString(body, 'email');
  if (email !== undefined && email.toLowerCase() !== user.email) {
    next.email = checkNewEmail(ctx, project, email);
    next.emailVerified = false;
    next.validSince = String(nowSeconds());
  }
  const password = optionalString(body, 'password');
  if (password !== undefined) {
    Object.assign(next, await passwordFields(password));
    provider = 'password';
  }
  const displayName = optionalString(body, 'displayName');
  if (displayName !== undefined) next.displayName = displayName;
  const photoUrl = optionalString(body, 'photoUrl');
  if (photoUrl !== undefined) next.photoUrl = photoUrl;

  if (ctx.privileged) {
    const disableUser = optionalBoolean(body, 'disableUser');
    if (disableUser !== undefined) next.disabled = disableUser;
    const emailVerified = optionalBoolean(body, 'emailVerified');
    if (emailVerified !== undefined) next.emailVerified = emailVerified;
    const phoneNumber = optionalString(body, 'phoneNumber');
    if (phoneNumber !== undefined && phoneNumber !== user.phoneNumber) {
      checkNewPhone(ctx, project, phoneNumber);
      next.phoneNumber = phoneNumber;
    }
    const customAttributes = optionalString(body, 'customAttributes');
    if (customAttributes !== undefined) {
      validateCustomAttributes(customAttributes);
      next.customAttributes = customAttributes;
    }
    const validSince = optionalString(body, 'validSince');
    if (validSince !== undefined) next.validSince = validSince;
  }

  for (const attribute of stringList(body, 'deleteAttribute')) {
    if (attribute === 'DISPLAY_NAME') delete next.displayName;
    if (attribute === 'PHOTO_URL') delete next.photoUrl;
    if (attribute === 'PASSWORD') {
      delete next.passwordHash;
      delete next.salt;
    }
    if (attribute === 'EMAIL') {
      delete next.email;
      next.emailVerified = false;
    }
  }
  const deleteProvider = stringList(body, 'deleteProvider');
  if (deleteProvider.includes('phone')) delete next.phoneNumber;
  if (deleteProvider.length > 0) {
    next.providerUserInfo = next.providerUserInfo.filter(
      (info) => !deleteProvider.includes(info.providerId),
    );
  }

  const saved = ctx.store.put(project, next);
  // Changing credentials revokes older tokens, so a client caller gets fresh ones.
  const credentialsChanged = saved.validSince !== user.validSince;
  return {
    kind: 'identitytoolkit#SetAccountInfoResponse',
    localId: saved.uid,
    email: saved.email,
    emailVerified: saved.emailVerified,
    displayName: saved.displayName,
    photoUrl: saved.photoUrl,
    providerUserInfo: saved.providerUserInfo,
    ...(ctx.privileged && saved.passwordHash !== undefined && { passwordHash: saved.passwordHash }),
    ...(credentialsChanged && provider && issueTokens(ctx, project, saved, provider)),
  };
};

export const deleteAccount: Operation = (ctx, body) => {
  const idToken = optionalString(body, 'idToken');
  let project = ctx.project;
  let uid: string;
  if (idToken !== undefined) {
    const parsed = parseIdToken(ctx, idToken);
    project = parsed.project;
    uid = parsed.user.uid;
  } else {
    check(ctx.privileged, 'MISSING_ID_TOKEN');
    const localId = optionalString(body, 'localId');
    check(localId, 'MISSING_LOCAL_ID');
    uid = localId;
  }
  const deleted = ctx.store.delete(project, uid);
  check(deleted, 'USER_NOT_FOUND');
  ctx.emit('deleted', project, deleted);
  return { kind: 'identitytoolkit#DeleteAccountResponse' };
};

export const batchGet: Operation = (ctx) => {
  check(ctx.privileged, 'INSUFFICIENT_PERMISSION');
  const requested = Math.floor(Number(ctx.query.get('maxResults') ?? DEFAULT_PAGE_SIZE));
  const maxResults = Math.min(requested > 0 ? requested : DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const pageToken = ctx.query.get('nextPageToken') ?? undefined;
  const remaining = ctx.store.list(ctx.project, pageToken || undefined);
  const page = remaining.slice(0, maxResults);
  const last = page.at(-1);
  return {
    kind: 'identitytoolkit#DownloadAccountResponse',
    users: page.map((user) => userView(ctx, user)),
    ...(remaining.length > maxResults && last && { nextPageToken: last.uid }),
  };
};

export const batchDelete: Operation = (ctx, body) => {
  check(ctx.privileged, 'INSUFFICIENT_PERMISSION');
  const localIds = stringList(body, 'localIds');
  check(localIds.length > 0 && localIds.length <= MAX_BATCH_DELETE, 'LOCAL_ID_LIST_EXCEEDS_LIMIT');
  const force = optionalBoolean(body, 'force') ?? false;
  const errors: { index: number; localId: string; message: string }[] = [];
  localIds.forEach((localId, index) => {
    const user = ctx.store.get(ctx.project, localId);
    if (!user) return;
    if (!user.disabled && !force) {
      errors.push({
        index,
        localId,
        message: 'NOT_DISABLED : Disable the account before batch deletion.',
      });
      return;
    }
    ctx.store.delete(ctx.project, localId);
    ctx.emit('deleted', ctx.project, user);
  });
  return errors.length > 0 ? { errors } : {};
};

/** securetoken.googleapis.com/v1/token: exchanges a refresh token for a fresh ID token. */
export const grantToken: Operation = (ctx, body) => {
  const grantType = optionalString(body, 'grantType');
  check(grantType, 'MISSING_GRANT_TYPE');
  check(grantType === 'refresh_token', 'INVALID_GRANT_TYPE');
  const refreshToken = optionalString(body, 'refreshToken');
  check(refreshToken, 'MISSING_REFRESH_TOKEN');
  const record = ctx.store.refreshToken(refreshToken);
  check(record, 'INVALID_REFRESH_TOKEN');
  const user = ctx.store.get(record.project, record.uid);
  check(user, 'USER_NOT_FOUND');
  check(!user.disabled, 'USER_DISABLED');
  check(
    user.validSince === undefined || record.issuedAt >= Number(user.validSince),
    'TOKEN_EXPIRED',
  );
  const refreshed = ctx.store.put(record.project, {
    ...user,
    lastRefreshAt: new Date().toISOString(),
  });
  const idToken = mintIdToken(refreshed, {
    project: record.project,
    provider: record.provider,
    ...(record.extraClaims && { extraClaims: record.extraClaims }),
  });
  return {
    id_token: idToken,
    access_token: idToken,
    expires_in: String(ID_TOKEN_LIFETIME_SECONDS),
    refresh_token: refreshToken,
    token_type: 'Bearer',
    user_id: user.uid,
    project_id: record.project,
  };
};

export const resetProject: Operation = (ctx) => {
  ctx.store.clearProject(ctx.project);
  return {};
};

export const getEmulatorConfig: Operation = (ctx) => {
  const config = ctx.store.config(ctx.project);
  return {
    signIn: { allowDuplicateEmails: false },
    emailPrivacyConfig: { enableImprovedEmailPrivacy: config.improvedEmailPrivacy },
  };
};

export const updateEmulatorConfig: Operation = (ctx, body) => {
  const privacy = body['emailPrivacyConfig'];
  if (typeof privacy === 'object' && privacy !== null) {
    const enabled = optionalBoolean(privacy as RequestBody, 'enableImprovedEmailPrivacy');
    if (enabled !== undefined) ctx.store.config(ctx.project).improvedEmailPrivacy = enabled;
  }
  return getEmulatorConfig(ctx, body);
};

/** GET /v1/projects: what the web SDK asks before popups and redirects. */
export const getProjectConfig: Operation = (ctx) => ({
  projectId: ctx.project,
  authorizedDomains: ['localhost', '127.0.0.1'],
});
