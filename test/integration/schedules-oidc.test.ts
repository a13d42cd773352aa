// runSchedule as in production (RUN_SCHEDULE_REQUIRE_OIDC=true): only a verified Google OIDC token
// for its own URL gets a reminder sent; everything else is refused before any work.
import { describe, expect, it } from 'vitest';
import { CreateScheduleResponseSchema } from '@gadget/shared';
import { startProductCloud, sharedCloud } from '../helpers/product-cloud.ts';
import { inbox, seedProfile } from './push-fixtures.ts';

const cloud = sharedCloud(() =>
  startProductCloud({
    functionsEnv: { APP_CHECK_ENFORCED: 'false', RUN_SCHEDULE_REQUIRE_OIDC: 'true' },
  }),
);

function unsignedToken(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`;
}

async function post(scheduleId: string, authorization?: string): Promise<number> {
  const response = await fetch(`${cloud.functionsUrl}/runSchedule`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(authorization === undefined ? {} : { authorization }),
    },
    body: JSON.stringify({ scheduleId }),
  });
  await response.arrayBuffer();
  return response.status;
}

describe('runSchedule in production mode', () => {
  it('refuses a request without a token (401) or with a bad one (403), sending nothing', async () => {
    await seedProfile(cloud, 'alice');
    const { id } = CreateScheduleResponseSchema.parse(
      await cloud.call(
        'createSchedule',
        { kind: 'reminder', cron: '0 9 * * *', timeZone: 'UTC', message: 'Hi' },
        { uid: 'alice' },
      ),
    ).schedule;
    const now = Math.floor(Date.now() / 1000);
    const url = `https://us-central1-${cloud.projectId}.cloudfunctions.net/runSchedule`;
    expect(await post(id)).toBe(401);
    expect(await post(id, 'Basic dXNlcjpwYXNz')).toBe(401);
    expect(await post(id, 'Bearer not-a-token')).toBe(403);
    expect(await post(id, 'Bearer a.b.c')).toBe(403);
    const claims = {
      iss: 'https://accounts.google.com',
      aud: url,
      email: `scheduler-invoker@${cloud.projectId}.iam.gserviceaccount.com`,
      email_verified: true,
      iat: now,
      exp: now + 3600,
    };
    expect(await post(id, `Bearer ${unsignedToken({ ...claims, aud: 'https://elsewhere' })}`)).toBe(
      403,
    );
    expect(await post(id, `Bearer ${unsignedToken({ ...claims, exp: now - 10 })}`)).toBe(403);
    expect(await post(id, `Bearer ${unsignedToken({ ...claims, email: 'x@y.z' })}`)).toBe(403);
    // Right claims, but not signed by Google.
    expect(await post(id, `Bearer ${unsignedToken(claims)}`)).toBe(403);
    expect(await inbox(cloud, 'alice')).toEqual({});
    expect((await cloud.firestore.collection('processedEvents').count().get()).data().count).toBe(
      0,
    );
  });
});
