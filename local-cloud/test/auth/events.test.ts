import type { CloudEvent } from 'firebase-functions/v2';
import { onUserCreated, onUserDeleted } from 'firebase-functions/v2/identity';
import type { AuthEvent, User } from 'firebase-functions/v2/identity';
import { describe, expect, it } from 'vitest';
import { AUTH_EVENT_TYPES, toAuthEventData } from '../../src/auth/index.ts';
import type { AuthUser } from '../../src/auth/index.ts';

const USER: AuthUser = {
  uid: 'u-1',
  email: 'ann@example.com',
  emailVerified: true,
  displayName: 'Ann',
  photoUrl: 'https://example.com/ann.png',
  disabled: false,
  passwordHash: 'c2VjcmV0',
  salt: 'c2FsdA==',
  customAttributes: '{"role":"admin"}',
  providerUserInfo: [
    {
      providerId: 'password',
      rawId: 'ann@example.com',
      federatedId: 'ann@example.com',
      email: 'ann@example.com',
      displayName: 'Ann',
    },
  ],
  createdAt: String(Date.UTC(2024, 0, 2, 3, 4, 5)),
  lastLoginAt: String(Date.UTC(2024, 0, 3, 0, 0, 0)),
};

function cloudEvent(type: string, data: unknown): CloudEvent<unknown> {
  return {
    specversion: '1.0',
    id: 'event-1',
    source: '//identitytoolkit.googleapis.com/projects/demo-events',
    type,
    time: new Date().toISOString(),
    data,
  };
}

/** Runs a real firebase-functions trigger on the event and returns what its handler saw. */
async function deliver(
  kind: 'created' | 'deleted',
  data: unknown,
): Promise<AuthEvent<User | undefined>> {
  let seen: AuthEvent<User | undefined> | undefined;
  const handler = (event: AuthEvent<User | undefined>): void => {
    seen = event;
  };
  const trigger = kind === 'created' ? onUserCreated(handler) : onUserDeleted(handler);
  await (trigger as unknown as (raw: CloudEvent<unknown>) => Promise<void>)(
    cloudEvent(AUTH_EVENT_TYPES[kind], data),
  );
  if (!seen) throw new Error('handler did not run');
  return seen;
}

describe('toAuthEventData', () => {
  it('puts the user under value for creations and oldValue for deletions', () => {
    expect(Object.keys(toAuthEventData('created', USER))).toEqual(['value']);
    expect(Object.keys(toAuthEventData('deleted', USER))).toEqual(['oldValue']);
  });

  it('never carries password material', () => {
    const text = JSON.stringify(toAuthEventData('created', USER));
    expect(text).not.toContain('c2VjcmV0');
    expect(text).not.toContain('c2FsdA==');
  });

  it.each(['created', 'deleted'] as const)(
    'becomes a proper UserRecord in a firebase-functions %s trigger',
    async (kind) => {
      const event = await deliver(kind, toAuthEventData(kind, USER));
      const user = event.data;
      expect(user).toBeDefined();
      expect(user?.uid).toBe('u-1');
      expect(user?.email).toBe('ann@example.com');
      expect(user?.emailVerified).toBe(true);
      expect(user?.displayName).toBe('Ann');
      expect(user?.photoURL).toBe('https://example.com/ann.png');
      expect(user?.disabled).toBe(false);
      expect(user?.customClaims).toEqual({ role: 'admin' });
      expect(user?.metadata.creationTime).toBe('2024-01-02T03:04:05.000Z');
      expect(user?.metadata.lastSignInTime).toBe('2024-01-03T00:00:00.000Z');
      expect(user?.providerData).toEqual([
        {
          uid: 'ann@example.com',
          providerId: 'password',
          email: 'ann@example.com',
          displayName: 'Ann',
        },
      ]);
      expect(event.project).toBe('demo-events');
    },
  );

  it('leaves absent fields at the UserRecord defaults', async () => {
    const anonymous: AuthUser = {
      uid: 'anon',
      emailVerified: false,
      disabled: false,
      providerUserInfo: [],
      createdAt: '0',
    };
    const { data } = await deliver('created', toAuthEventData('created', anonymous));
    expect(data?.email).toBeNull();
    expect(data?.displayName).toBeNull();
    expect(data?.customClaims).toEqual({});
    expect(data?.providerData).toEqual([]);
    expect(data?.metadata.creationTime).toBe('1970-01-01T00:00:00.000Z');
  });
});
