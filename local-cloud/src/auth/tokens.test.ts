import { describe, expect, it } from 'vitest';
import { decodeIdToken, ID_TOKEN_LIFETIME_SECONDS, mintIdToken } from './tokens.ts';
import type { AuthUser } from './types.ts';

const USER: AuthUser = {
  uid: 'uid-1',
  email: 'a@example.com',
  emailVerified: true,
  displayName: 'A',
  disabled: false,
  customAttributes: '{"role":"admin"}',
  providerUserInfo: [{ providerId: 'google.com', rawId: 'g-1' }],
  createdAt: '1000',
  lastLoginAt: '1700000000500',
};

describe('mintIdToken', () => {
  it('writes an unsigned JWT like the official Auth emulator', () => {
    const token = mintIdToken(USER, { project: 'demo-p', provider: 'password', now: 1700000100 });
    const [header, , signature] = token.split('.');
    expect(JSON.parse(Buffer.from(header ?? '', 'base64url').toString())).toEqual({
      alg: 'none',
      typ: 'JWT',
    });
    expect(signature).toBe('');
    expect(decodeIdToken(token)).toEqual({
      name: 'A',
      role: 'admin',
      email: 'a@example.com',
      email_verified: true,
      iss: 'https://securetoken.google.com/demo-p',
      aud: 'demo-p',
      auth_time: 1700000000,
      user_id: 'uid-1',
      sub: 'uid-1',
      iat: 1700000100,
      exp: 1700000100 + ID_TOKEN_LIFETIME_SECONDS,
      firebase: {
        identities: { email: ['a@example.com'], 'google.com': ['g-1'] },
        sign_in_provider: 'password',
      },
    });
  });

  it('lets extra claims add to custom claims but never override the reserved ones', () => {
    const token = mintIdToken(USER, {
      project: 'demo-p',
      provider: 'custom',
      extraClaims: { tier: 1, role: 'viewer' },
    });
    const payload = decodeIdToken(token);
    expect(payload?.['tier']).toBe(1);
    expect(payload?.['role']).toBe('viewer');
    expect(payload?.sub).toBe('uid-1');
  });

  it('marks anonymous tokens with provider_id', () => {
    const anonymous: AuthUser = {
      uid: 'x',
      emailVerified: false,
      disabled: false,
      providerUserInfo: [],
      createdAt: '0',
    };
    const payload = decodeIdToken(
      mintIdToken(anonymous, { project: 'p', provider: 'anonymous', now: 5 }),
    );
    expect(payload?.['provider_id']).toBe('anonymous');
    expect(payload?.auth_time).toBe(5);
    expect(payload?.email).toBeUndefined();
  });
});

describe('decodeIdToken', () => {
  it('returns undefined for text that is not an ID token', () => {
    expect(decodeIdToken('garbage')).toBeUndefined();
    expect(decodeIdToken('a.b.c')).toBeUndefined();
    const notAnIdToken = `x.${Buffer.from('{"foo":1}').toString('base64url')}.`;
    expect(decodeIdToken(notAnIdToken)).toBeUndefined();
  });
});
