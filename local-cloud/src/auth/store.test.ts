import { describe, expect, it } from 'vitest';
import { AuthStore } from './store.ts';
import type { AuthUser } from './types.ts';

const base: AuthUser = {
  uid: 'u',
  emailVerified: false,
  disabled: false,
  providerUserInfo: [],
  createdAt: '1',
};

describe('AuthStore', () => {
  it('keeps the email and phone indexes in step with updates', () => {
    const store = new AuthStore();
    store.put('p', { ...base, email: 'old@example.com', phoneNumber: '+1' });
    store.put('p', { ...base, email: 'new@example.com' });
    expect(store.getByEmail('p', 'old@example.com')).toBeUndefined();
    expect(store.getByEmail('p', 'NEW@example.com')?.uid).toBe('u');
    expect(store.getByPhone('p', '+1')).toBeUndefined();
  });

  it('derives password and phone providers from the account fields', () => {
    const store = new AuthStore();
    const user = store.put('p', {
      ...base,
      email: 'a@example.com',
      passwordHash: 'h',
      salt: 's',
      phoneNumber: '+15550100',
      providerUserInfo: [{ providerId: 'google.com', rawId: 'g' }],
    });
    expect(user.providerUserInfo.map((info) => info.providerId)).toEqual([
      'google.com',
      'password',
      'phone',
    ]);
    const withoutPassword = store.put('p', {
      ...user,
      passwordHash: undefined,
      phoneNumber: undefined,
    });
    expect(withoutPassword.providerUserInfo.map((info) => info.providerId)).toEqual(['google.com']);
  });

  it('lists users by uid after a page token', () => {
    const store = new AuthStore();
    for (const uid of ['c', 'a', 'b']) store.put('p', { ...base, uid });
    expect(store.list('p').map((user) => user.uid)).toEqual(['a', 'b', 'c']);
    expect(store.list('p', 'a').map((user) => user.uid)).toEqual(['b', 'c']);
    expect(store.list('other')).toEqual([]);
  });

  it('drops refresh tokens with their user and round-trips through a snapshot', () => {
    const store = new AuthStore();
    store.put('p', { ...base, email: 'a@example.com' });
    store.put('p', { ...base, uid: 'v' });
    const kept = store.issueRefreshToken({
      project: 'p',
      uid: 'v',
      provider: 'anonymous',
      issuedAt: 1,
    });
    const dropped = store.issueRefreshToken({
      project: 'p',
      uid: 'u',
      provider: 'password',
      issuedAt: 1,
    });
    store.delete('p', 'u');
    expect(store.refreshToken(dropped)).toBeUndefined();

    const copy = new AuthStore();
    copy.loadSnapshot(
      JSON.parse(JSON.stringify(store.toSnapshot())) as ReturnType<AuthStore['toSnapshot']>,
    );
    expect(copy.get('p', 'v')?.uid).toBe('v');
    expect(copy.get('p', 'u')).toBeUndefined();
    expect(copy.refreshToken(kept)?.uid).toBe('v');
  });
});
