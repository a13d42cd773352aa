// Attacks by members holding too little, or no longer holding anything: a viewer writing telemetry,
// a removed admin's invites and device key. Each refusal is checked for its code and message and
// for writing nothing (no document, no push).
import { describe, expect, it } from 'vitest';
import { postCallable } from '@gadget/local-cloud/testing';
import { sharedCloud } from '../helpers/product-cloud.ts';
import { CreateInviteResponseSchema, ListInvitesResponseSchema } from '@gadget/shared';
import { addMember, count, deviceDoc, refusal } from '../helpers/devices.ts';
import {
  deviceAuthorization,
  postIngest,
  readingCount,
  reading,
  rotateKey,
  startTelemetryCloud,
  telemetryDevice,
} from '../helpers/telemetry.ts';
import { writesDuring } from '../helpers/writes.ts';

const cloud = sharedCloud(() => startTelemetryCloud({ SUBMIT_RATE_LIMIT_PER_MINUTE: '5' }));

const ROLE_REFUSED = (role: string) => `Your role on this device (${role}) does not allow this.`;

describe('finding 1: viewers write no telemetry', () => {
  it("refuses a viewer's readings: no reading, no alert, no status change, no push", async () => {
    const device = await telemetryDevice(cloud);
    await cloud.call(
      'updateDevice',
      { deviceId: device.deviceId, thresholds: { temperature: { max: 30 } } },
      { uid: device.ownerUid },
    );
    await addMember(cloud, device.deviceId, device.ownerUid, 'viewer-1', 'viewer');
    await cloud.idle();
    cloud.outbox.clear();
    const forged = {
      deviceId: device.deviceId,
      readings: [reading('f-1', 1, { temperature: 99 })],
    };
    const attempts = Array.from({ length: 50 }, () =>
      refusal(cloud.call('submitReadings', forged, { uid: 'viewer-1' })),
    );
    const writes = await writesDuring(cloud, async () => {
      const refusals = await Promise.all(attempts);
      expect(new Set(refusals.map((r) => `${r.code}: ${r.message}`))).toEqual(
        new Set([`permission-denied: ${ROLE_REFUSED('viewer')}`]),
      );
      await cloud.idle();
    });
    expect(writes).toBe(0);
    expect(await readingCount(cloud, device.deviceId)).toBe(0);
    expect(await count(cloud, `devices/${device.deviceId}/alerts`)).toBe(0);
    expect(cloud.outbox.delivered()).toHaveLength(0);
  });

  it('limits submissions per device, counted in the submission itself: 50 in parallel, 5 pass', async () => {
    const device = await telemetryDevice(cloud);
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        cloud.call(
          'submitReadings',
          {
            deviceId: device.deviceId,
            readings: [reading(`p-${String(i)}`, 1, { temperature: 20 })],
          },
          { uid: device.ownerUid },
        ),
      ),
    );
    const refused = results.flatMap((r) =>
      r.status === 'rejected' ? [r.reason as { code: string; message: string }] : [],
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    expect(new Set(refused.map((r) => `${r.code}: ${r.message}`))).toEqual(
      new Set(['resource-exhausted: Too many submissions for this device. Try again in a minute.']),
    );
    expect(await readingCount(cloud, device.deviceId)).toBe(5);
  });
});

const INVITE_REFUSED =
  'This invite code is not valid: it may be mistyped, expired or already used. Ask for a new one.';

/** Unused invites (the ones `addMember` accepted stay, marked used, for support). */
async function pendingInvites(): Promise<number> {
  const snapshot = await cloud.firestore.collection('invites').where('usedBy', '==', null).get();
  return snapshot.size;
}

async function invite(deviceId: string, role: 'admin' | 'viewer', uid: string) {
  return CreateInviteResponseSchema.parse(
    await cloud.call('createInvite', { deviceId, role }, { uid }),
  ).code;
}

describe('finding 2: removal, leaving and transfer revoke what the role minted', () => {
  it.each([
    ['removed by the owner', 'remove'],
    ['leaving', 'leave'],
  ] as const)(
    'an admin %s: their invites are deleted and refused, their key dies',
    async (_c, how) => {
      const device = await telemetryDevice(cloud);
      await addMember(cloud, device.deviceId, device.ownerUid, 'admin-1', 'admin');
      const code = await invite(device.deviceId, 'viewer', 'admin-1');
      const key = await rotateKey(cloud, { ...device, ownerUid: 'admin-1' });
      if (how === 'remove') {
        await cloud.call(
          'removeMember',
          { deviceId: device.deviceId, uid: 'admin-1' },
          { uid: device.ownerUid },
        );
      } else {
        await cloud.call('leaveDevice', { deviceId: device.deviceId }, { uid: 'admin-1' });
      }
      expect(await pendingInvites()).toBe(0);
      const before = await deviceDoc(cloud, device.deviceId);
      const writes = await writesDuring(cloud, async () => {
        expect(await refusal(cloud.call('acceptInvite', { code }, { uid: 'eve' }))).toEqual({
          code: 'not-found',
          message: INVITE_REFUSED,
        });
        const answer = await postIngest(cloud, {
          authorization: deviceAuthorization(device.deviceId, key),
          body: { readings: [reading('k-1', 1, { temperature: 20 })] },
        });
        expect(answer.status).toBe(403);
        expect(answer.body).toMatchObject({
          error: { code: 'permission-denied', message: 'This device key is not valid.' },
        });
      });
      // Only the refused code's failure windows: the caller's and the backstop's.
      expect(writes).toBe(2);
      expect(await deviceDoc(cloud, device.deviceId)).toEqual(before);
      expect(await readingCount(cloud, device.deviceId)).toBe(0);
    },
  );

  it("refuses an invite whose creator lost the role before the invite's deletion", async () => {
    const device = await telemetryDevice(cloud);
    await addMember(cloud, device.deviceId, device.ownerUid, 'admin-1', 'admin');
    const code = await invite(device.deviceId, 'viewer', 'admin-1');
    // The removal as committed before its invites are tidied away.
    const ref = cloud.firestore.doc(`devices/${device.deviceId}`);
    const stored = (await ref.get()).data() as { members: Record<string, string> };
    await ref.update({ members: { [device.ownerUid]: stored.members[device.ownerUid] } });
    expect(await refusal(cloud.call('acceptInvite', { code }, { uid: 'eve' }))).toEqual({
      code: 'not-found',
      message: INVITE_REFUSED,
    });
    expect((await deviceDoc(cloud, device.deviceId))?.members).not.toHaveProperty('eve');
  });

  it("a transfer deletes the former owner's invites; an admin invite from a demoted owner is refused", async () => {
    const device = await telemetryDevice(cloud);
    await addMember(cloud, device.deviceId, device.ownerUid, 'admin-1', 'admin');
    const code = await invite(device.deviceId, 'admin', device.ownerUid);
    await cloud.call(
      'transferOwnership',
      { deviceId: device.deviceId, uid: 'admin-1' },
      { uid: device.ownerUid },
    );
    expect(await pendingInvites()).toBe(0);
    expect(await refusal(cloud.call('acceptInvite', { code }, { uid: 'eve' }))).toEqual({
      code: 'not-found',
      message: INVITE_REFUSED,
    });
  });

  it('a key rotated by a removed admin is refused even when the registry still holds it', async () => {
    const device = await telemetryDevice(cloud);
    await addMember(cloud, device.deviceId, device.ownerUid, 'admin-1', 'admin');
    const key = await rotateKey(cloud, { ...device, ownerUid: 'admin-1' });
    const ref = cloud.firestore.doc(`devices/${device.deviceId}`);
    const stored = (await ref.get()).data() as { members: Record<string, string> };
    await ref.update({ members: { ...stored.members, 'admin-1': 'viewer' } });
    const answer = await postIngest(cloud, {
      authorization: deviceAuthorization(device.deviceId, key),
      body: { readings: [reading('k-1', 1, { temperature: 20 })] },
    });
    expect(answer.status).toBe(403);
    expect(await readingCount(cloud, device.deviceId)).toBe(0);
  });

  it('a key an instance remembers dies with its rotator’s removal, even if they come back', async () => {
    const device = await telemetryDevice(cloud);
    await addMember(cloud, device.deviceId, device.ownerUid, 'admin-1', 'admin');
    const key = await rotateKey(cloud, { ...device, ownerUid: 'admin-1' });
    const postWithKey = (id: string) =>
      postIngest(cloud, {
        authorization: deviceAuthorization(device.deviceId, key),
        body: { readings: [reading(id, 1, { temperature: 20 })] },
      });
    expect((await postWithKey('k-1')).status).toBe(200);
    await cloud.call(
      'removeMember',
      { deviceId: device.deviceId, uid: 'admin-1' },
      { uid: device.ownerUid },
    );
    await addMember(cloud, device.deviceId, device.ownerUid, 'admin-1', 'admin');
    expect((await postWithKey('k-2')).status).toBe(403);
    expect(await readingCount(cloud, device.deviceId)).toBe(1);
  });

  it('listInvites shows pending invites and revokeInvite cancels one; admins revoke viewer invites only', async () => {
    const device = await telemetryDevice(cloud);
    await addMember(cloud, device.deviceId, device.ownerUid, 'admin-1', 'admin');
    await addMember(cloud, device.deviceId, device.ownerUid, 'viewer-1', 'viewer');
    const adminCode = await invite(device.deviceId, 'admin', device.ownerUid);
    const viewerCode = await invite(device.deviceId, 'viewer', 'admin-1');
    const { invites } = ListInvitesResponseSchema.parse(
      await cloud.call('listInvites', { deviceId: device.deviceId }, { uid: 'admin-1' }),
    );
    expect(invites.map((i) => [i.role, i.createdBy])).toEqual([
      ['viewer', 'admin-1'],
      ['admin', device.ownerUid],
    ]);
    expect(
      await refusal(cloud.call('listInvites', { deviceId: device.deviceId }, { uid: 'viewer-1' })),
    ).toEqual({ code: 'permission-denied', message: ROLE_REFUSED('viewer') });
    const [viewerInvite, adminInvite] = invites;
    const writes = await writesDuring(cloud, async () => {
      expect(
        await refusal(
          cloud.call(
            'revokeInvite',
            { deviceId: device.deviceId, inviteId: adminInvite?.inviteId },
            { uid: 'admin-1' },
          ),
        ),
      ).toEqual({ code: 'permission-denied', message: 'Admins can revoke viewer invites only.' });
    });
    expect(writes).toBe(0);
    await expect(
      cloud.call(
        'revokeInvite',
        { deviceId: device.deviceId, inviteId: viewerInvite?.inviteId },
        { uid: 'admin-1' },
      ),
    ).resolves.toEqual({ revoked: true });
    expect(await refusal(cloud.call('acceptInvite', { code: viewerCode }, { uid: 'eve' }))).toEqual(
      {
        code: 'not-found',
        message: INVITE_REFUSED,
      },
    );
    await expect(
      cloud.call('acceptInvite', { code: adminCode }, { uid: 'eve' }),
    ).resolves.toBeDefined();
  });
});

/** An ID token as the Auth emulator issues them (unsigned), for a sign-in `ageSeconds` ago. */
function tokenSignedInAgo(uid: string, ageSeconds: number): string {
  const now = Math.floor(Date.now() / 1000);
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const payload = {
    iss: `https://securetoken.google.com/${cloud.projectId}`,
    aud: cloud.projectId,
    auth_time: now - ageSeconds,
    user_id: uid,
    sub: uid,
    iat: now,
    exp: now + 3600,
    firebase: { identities: {}, sign_in_provider: 'password' },
  };
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(payload)}.`;
}

const callSignedInAgo = (name: string, data: unknown, uid: string, ageSeconds: number) =>
  postCallable(cloud.functionsUrl, cloud.projectId, name, data, {
    idToken: tokenSignedInAgo(uid, ageSeconds),
    appCheck: true,
  });

describe('finding 16: destructive callables want a recent sign-in', () => {
  it.each(['deleteAccount', 'releaseDevice', 'transferOwnership'])(
    '%s with a sign-in 10 minutes old: failed-precondition, requires-recent-login, nothing written',
    async (name) => {
      const device = await telemetryDevice(cloud);
      await addMember(cloud, device.deviceId, device.ownerUid, 'admin-1', 'admin');
      const data =
        name === 'deleteAccount'
          ? {}
          : name === 'releaseDevice'
            ? { deviceId: device.deviceId }
            : { deviceId: device.deviceId, uid: 'admin-1' };
      const before = await deviceDoc(cloud, device.deviceId);
      let answer: unknown;
      const writes = await writesDuring(cloud, async () => {
        answer = await callSignedInAgo(name, data, device.ownerUid, 600).catch((e: unknown) => e);
        await cloud.idle();
      });
      expect(answer).toMatchObject({
        code: 'failed-precondition',
        message: 'Sign in again to do this: it needs a sign-in from the last 5 minutes.',
        details: { reason: 'requires-recent-login' },
      });
      expect(writes).toBe(0);
      expect(await deviceDoc(cloud, device.deviceId)).toEqual(before);
      // A fresh sign-in goes through.
      await expect(callSignedInAgo(name, data, device.ownerUid, 30)).resolves.toBeDefined();
    },
  );
});

describe('finding 12: releaseDevice does not race transferOwnership', () => {
  it('of a release and a transfer started together, never both succeed (25 pairs, 50 calls)', async () => {
    const devices = await Promise.all(
      Array.from({ length: 25 }, async (_, i) => {
        const device = await telemetryDevice(cloud, `owner-${String(i)}`);
        await addMember(cloud, device.deviceId, device.ownerUid, `heir-${String(i)}`, 'admin');
        return device;
      }),
    );
    const outcome = (promise: Promise<unknown>) =>
      promise.then(
        () => 'ok',
        (error: unknown) => (error as { code: string }).code,
      );
    const pairs = await Promise.all(
      devices.map(async (device, i) => {
        const [released, transferred] = await Promise.all([
          outcome(
            cloud.call('releaseDevice', { deviceId: device.deviceId }, { uid: device.ownerUid }),
          ),
          outcome(
            cloud.call(
              'transferOwnership',
              { deviceId: device.deviceId, uid: `heir-${String(i)}` },
              { uid: device.ownerUid },
            ),
          ),
        ]);
        const stored = await deviceDoc(cloud, device.deviceId);
        return { released, transferred, ownerUid: stored?.ownerUid ?? null };
      }),
    );
    for (const pair of pairs) {
      expect(pair.released === 'ok' && pair.transferred === 'ok').toBe(false);
      // A transfer that answered ok left the device with its heir.
      if (pair.transferred === 'ok') expect(pair.ownerUid).toMatch(/^heir-/);
    }
  });
});

describe('finding 8: getReadingHistory is rate limited (and reads one document per hour)', () => {
  it('of 150 parallel 48 h charts, the 120 a minute allows are read', async () => {
    const device = await telemetryDevice(cloud);
    const to = Date.now();
    const request = {
      deviceId: device.deviceId,
      metric: 'temperature',
      from: new Date(to - 48 * 3_600_000).toISOString(),
      to: new Date(to).toISOString(),
      bucket: '5m',
    };
    const results = await Promise.allSettled(
      Array.from({ length: 150 }, () =>
        cloud.call('getReadingHistory', request, { uid: device.ownerUid }),
      ),
    );
    const refused = results.flatMap((r) =>
      r.status === 'rejected' ? [r.reason as { code: string; message: string }] : [],
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(120);
    expect(new Set(refused.map((r) => `${r.code}: ${r.message}`))).toEqual(
      new Set(['resource-exhausted: Too many charts. Try again in a minute.']),
    );
  });
});
