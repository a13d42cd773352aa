import { describe, expect, it, vi } from 'vitest';
import { runScheduleRequiresOidc } from '../../config.ts';
import { OidcRejection, verifySchedulerToken } from './oidc.ts';

const payload = vi.hoisted(() => {
  const current: Record<string, unknown> = {};
  return { current };
});
// Google's signature check, replaced: it answers with the claims the test put in the token.
vi.mock('google-auth-library', () => ({
  OAuth2Client: class {
    verifyIdToken({ audience }: { audience: string }) {
      if (payload.current.aud !== audience) return Promise.reject(new Error('wrong audience'));
      return Promise.resolve({ getPayload: () => payload.current });
    }
  },
}));

const SA = 'scheduler-invoker@demo.iam.gserviceaccount.com';
const URL = 'https://us-central1-demo.cloudfunctions.net/runSchedule';
const now = new Date('2026-12-01T12:00:00Z');

function bearer(claims: Record<string, unknown>): string {
  payload.current = claims;
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `Bearer ${part({ alg: 'RS256' })}.${part(claims)}.c2ln`;
}

const claims = (overrides: Record<string, unknown> = {}) => ({
  aud: `${URL}?scheduleId=job-a`,
  iss: 'https://accounts.google.com',
  sub: '1234567890',
  email: SA,
  email_verified: true,
  exp: now.getTime() / 1000 + 600,
  ...overrides,
});

describe('finding 15: runSchedule OIDC', () => {
  it("accepts the job's own token", async () => {
    await expect(
      verifySchedulerToken(bearer(claims()), `${URL}?scheduleId=job-a`, SA, now),
    ).resolves.toBeUndefined();
  });

  it.each([
    ["another job's token (replayed)", claims({ aud: `${URL}?scheduleId=job-b` })],
    ['another issuer', claims({ iss: 'https://evil.example' })],
    ['no subject', claims({ sub: '' })],
    ['another service account', claims({ email: 'someone@demo.iam.gserviceaccount.com' })],
    ['an expired token', claims({ exp: now.getTime() / 1000 - 1 })],
  ])('refuses %s with 403', async (_case, token) => {
    const answer = verifySchedulerToken(bearer(token), `${URL}?scheduleId=job-a`, SA, now);
    await expect(answer).rejects.toBeInstanceOf(OidcRejection);
    await expect(answer).rejects.toMatchObject({ status: 403 });
  });

  it('is off only under an emulator, never because of FUNCTIONS_EMULATOR from a deployed .env', () => {
    const emulator = {
      FUNCTIONS_EMULATOR: 'true',
      FIREBASE_DEBUG_MODE: 'true',
      FIREBASE_DEBUG_FEATURES: JSON.stringify({ skipTokenVerification: true }),
    };
    expect(runScheduleRequiresOidc({})).toBe(true);
    expect(runScheduleRequiresOidc({ FUNCTIONS_EMULATOR: 'true' })).toBe(true);
    expect(runScheduleRequiresOidc(emulator)).toBe(false);
    expect(runScheduleRequiresOidc({ ...emulator, RUN_SCHEDULE_REQUIRE_OIDC: 'true' })).toBe(true);
  });
});
